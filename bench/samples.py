"""Files in the forms reports arrive in, made from a report's text, and the score of a parse against
seeds/expected.json. The reading tests and `bench_reading` both use them; nothing in the archive does.

Making: a government web page in GBK with its navigation, breadcrumb, 发布时间 line, share bar, related links
and footer; the same page as .mht; a scan of a PDF (pages rendered at 150 dpi in grey, saved as JPEG
inside an image-only PDF, as a scanner or pdftoppm + img2pdf would make it); a zip of files.
"""

from __future__ import annotations

import html
import io
import zipfile
import zlib
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from typing import Any

from reports.reading.limits import MB


def docx_of(text: str) -> bytes:
    """A .docx of one paragraph per line, as Word writes it (python-docx, a development requirement)."""
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def government_page(text: str, title: str = "工作情况报告", charset: str = "gb2312") -> bytes:
    """A report as a county government site publishes it, in GB18030 with a gb2312 meta tag."""
    paragraphs = "\n".join(f'<p style="text-indent:2em">{html.escape(line)}</p>' for line in text.splitlines() if line)
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{html.escape(title)}_某某县人民政府</title><script>var _hmt = _hmt || [];</script></head>
<body><div class="top"><a href="/">网站首页</a> | <a href="/zwgk/">政务公开</a> | <a href="/hdjl/">互动交流</a> | 无障碍浏览</div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政府信息公开</a></li><li><a href="/zcjd/">政策解读</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 工作总结</div>
<div class="article"><h1 class="title">{html.escape(title)}</h1>
<div class="info">发布时间：2023-01-16 09:30　来源：乡镇人民政府　浏览次数：1024　字体：[<a>大</a> <a>中</a> <a>小</a>]</div>
<div class="content" id="zoom">
{paragraphs}
</div>
<div class="share">分享到：<a>微信</a> <a>微博</a>　【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
</div>
<div class="related"><h3>相关链接</h3><ul><li><a href="/a.html">关于印发2023年重点工作任务的通知</a></li>
<li><a href="/b.html">某某镇召开2022年度党建述职评议会议</a></li><li><a href="/c.html">全县乡村振兴工作推进会召开</a></li></ul></div>
<div class="footer"><p>主办单位：某某县人民政府办公室　承办单位：某某县政务服务中心</p>
<p>版权所有：某某县人民政府　网站标识码：1500000001　ICP备00000000号</p><p>地址：某某县政府路1号</p></div>
</body></html>"""
    return page.encode("gb18030")


def mht(page: bytes, charset: str = "gb2312") -> bytes:
    """A saved page as 'single file web page' (.mht): the page as a quoted-printable part of a MIME message."""
    message = MIMEMultipart("related")
    message["Subject"] = "工作情况报告"
    part = MIMEText(page.decode("gb18030"), "html", "gb18030")
    part.replace_header("Content-Type", f'text/html; charset="{charset}"')
    message.attach(part)
    return message.as_bytes()


def scanned_pdf(text_pdf: bytes, dpi: int = 150, quality: int = 70) -> bytes:
    """An image-only PDF of each page of `text_pdf`, as a 150-dpi grey scan."""
    import pypdfium2 as pdfium
    from PIL import Image

    document = pdfium.PdfDocument(text_pdf)
    pages: list[Any] = []
    for page in document:
        image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality)
        pages.append(Image.open(io.BytesIO(buffer.getvalue())))
    out = io.BytesIO()
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return out.getvalue()


class _GbkName(zipfile.ZipInfo):
    """A member whose name is written in GBK with no UTF-8 flag, as Chinese Windows writes it."""

    def _encodeFilenameFlags(self):  # zipfile's own hook for the name's bytes
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def zip_of(files: dict[str, bytes], *, gbk_names: bool = False, stored: bool = False) -> bytes:
    """A zip of `files`; with gbk_names, names written in GBK without the UTF-8 flag; `stored`, uncompressed,
    as `zip -0` and zip tools that do not compress PDFs and images write them."""
    compression = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in files.items():
            info = (_GbkName if gbk_names else zipfile.ZipInfo)(name)
            info.compress_type = compression
            archive.writestr(info, data)
    return buffer.getvalue()


def expected_fields(parsed: dict[str, Any], want: dict[str, Any]) -> tuple[int, int]:
    """(fields right, fields) of a parse (parse_report --json) against its seeds/expected.json entry:
    year, period, township, preamble, each part's heading and kind, children counted where given,
    each problem phrase found in exactly one problem, the number of problems and of plans."""
    checks: list[bool] = [
        parsed["year"] == want["year"],
        parsed["period"] == want["period"],
        parsed["township"] == want["township"] if "township" in want else parsed["township"] in want["township_any"],
    ]
    sections = parsed["sections"]
    checks.append(bool(sections and sections[0]["kind"] == "preamble") == want["has_preamble"])
    headed = [s for s in sections if s["kind"] != "preamble"]
    for index, wanted in enumerate(want["sections"]):
        got = headed[index] if index < len(headed) else None
        checks.append(got is not None and (got["heading"], got["kind"]) == (wanted["heading"], wanted["kind"]))
        if "children" in wanted:
            checks.append(got is not None and len(got["children"]) == wanted["children"])
    checks.append(len(headed) == len(want["sections"]))
    problems = [f"{issue['title']}\n{issue['text']}" for issue in parsed["issues"]]
    checks += [sum(phrase in text for text in problems) == 1 for phrase in want["problems"]]
    checks.append(len(parsed["issues"]) == len(want["problems"]))
    if "plans" in want:
        checks.append(len(parsed["plans"]) == want["plans"])
    return sum(checks), len(checks)


# --- hostile files: what an attacker or a broken office system sends -------------------------------


def docx_bomb(unpacked_mb: int = 20) -> bytes:
    """A small .docx whose document.xml inflates to `unpacked_mb` MB of one repeated paragraph."""
    paragraph = "<w:p><w:r><w:t>白杨镇工作总结。" + "全镇上下团结一心。" * 50 + "</w:t></w:r></w:p>"
    body = paragraph * (unpacked_mb * 1024 * 1024 // len(paragraph.encode()))
    return zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": _document_xml(body).encode()})


def billion_laughs_docx() -> bytes:
    """A .docx whose document.xml defines entities that expand to gigabytes."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10)
    )
    xml = f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]>' + _document_xml(
        "<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>"
    )
    return zip_of({"word/document.xml": xml.encode()})


def _document_xml(body: str) -> str:
    return (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )


def zip_bomb(members: int = 20, member_mb: int = 8) -> bytes:
    """A zip of reports each inflating from a few KB to `member_mb` MB of zeros."""
    return zip_of({f"报告{n}.txt": bytes(member_mb * 1024 * 1024) for n in range(members)})


def blank_pdf(pages: int) -> bytes:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        document.new_page(595, 842)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_with_image(width: int, height: int) -> bytes:
    """A one-page PDF whose page is one blank 1-bit image of width × height pixels: a 40000² one packs into
    about 200 KB and asks a renderer for gigabytes. Written by hand (zeros deflated a megabyte at a time),
    so that making it costs no more memory than the file."""
    packer = zlib.compressobj(9)
    row_bytes, rows_per_chunk = (width + 7) // 8, max(1, MB // ((width + 7) // 8))
    stream = bytearray()
    for first in range(0, height, rows_per_chunk):
        stream += packer.compress(bytes(row_bytes * min(rows_per_chunk, height - first)))
    stream += packer.flush()
    image = (
        (
            f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceGray "
            f"/BitsPerComponent 1 /Filter /FlateDecode /Length {len(stream)} >>\nstream\n"
        ).encode()
        + bytes(stream)
        + b"\nendstream"
    )
    content = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        image,
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def png_of_size(width: int, height: int) -> bytes:
    """A blank 1-bit PNG of width × height pixels: small on disk, huge once decoded."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, "PNG")
    return buffer.getvalue()
