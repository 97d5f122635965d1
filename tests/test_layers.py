"""The four layers, lowest first: reading (bytes -> text), parsing (text -> structure), analysis (search),
the archive (Django). Importing a layer loads no module of a layer above it, and no Django below the archive."""

import json
import subprocess
import sys

import pytest

LAYERS = {
    "reports.reading": ("django", "reports.parsing", "reports.search", "reports.models"),
    "reports.parsing": ("django", "reports.search", "reports.models"),
    "reports.search": ("django", "reports.models"),
    "reports.copying": ("django", "reports.models", "reports.search"),
    "reports.preparing": ("django", "reports.models"),
}


@pytest.mark.parametrize(("layer", "above"), LAYERS.items())
def test_a_layer_loads_nothing_above_it(layer, above):
    code = f"import json, sys, {layer}; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = json.loads(result.stdout)
    assert [m for m in loaded if m.startswith(above)] == []


def test_reading_a_file_loads_no_django_either():
    code = (
        "import sys; from reports.reading import read_document, DEFAULT_LIMITS;"
        "text = '白杨镇工作总结，一、工作成效。全镇上下团结一心，各项工作取得明显成效。';"
        "read_document(text.encode(), limits=DEFAULT_LIMITS);"
        "print(any(m.startswith('django') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
