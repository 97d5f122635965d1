import subprocess
import sys


def test_importing_the_parser_loads_no_django_module():
    code = (
        "import sys, reports.parsing, reports.parsing.documents;print(any(m.startswith('django') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
