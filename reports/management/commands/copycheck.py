"""Check one file against the archive (查重) and print what it shares with which reports. Stores nothing.

`--json` prints the contract: {"characters", "copied_characters", "ratio", "boilerplate_characters",
"sources": [{"report_id", "title", "township", "year", "copied_characters", "ratio", "same_township"}],
"passages": [{"start", "end", "text", "report_id", "source_start", "source_end"}]}: start and end index the
file's text as read (parsing.offsets), `text` is that stretch of it; source_start and source_end index the
source report's text as the archive keeps it.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from reports.management.files import read_path
from reports.models import Township
from reports.parsing import parse_report
from reports.parsing.offsets import read_offsets, read_span
from reports.selectors.copies import check_text


class Command(BaseCommand):
    help = "查重：把一个文件与档案库中的全部报告比对，列出相同的段落及其来源（不录入任何内容）"

    def add_arguments(self, parser):
        parser.add_argument("path", help="报告文件（任何可录入的格式）")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, **options):
        path = Path(options["path"])
        document = read_path(path)
        parsed = parse_report(document.text, path.name)
        township = Township.objects.filter(name=parsed.metadata.township).values_list("id", flat=True).first()
        check = check_text(parsed.text, township_id=township)
        if options["json"]:
            data, at = check.as_json(), read_offsets(document.text, parsed.text)
            for passage in data["passages"]:
                passage["start"], passage["end"] = read_span(at, passage["start"], passage["end"])
                passage["text"] = document.text[passage["start"] : passage["end"]]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        out = self.stdout.write
        out(f"比对字数 {check.characters}，相同 {check.copied_characters} 字，总文字复制比 {check.ratio:.1%}")
        many = settings.ARCHIVE_BOILERPLATE_TOWNSHIPS
        out(f"套话（{many} 个以上乡镇的报告中都有）{check.boilerplate_characters} 字，不计入")
        for source in check.sources:
            whose = "本乡镇" if source.same_township else "其他乡镇"
            out(f"  #{source.report_id}《{source.title}》{source.copied_characters} 字，{source.ratio:.1%}（{whose}）")
        for passage in check.passages[:20]:
            shown = parsed.text[passage.start : passage.end][:60]
            out(f"  [{passage.start}–{passage.end}] ← #{passage.report_id}：{shown}")
