"""A pack as an editable Word document (python-docx): each table of figures has a third column with
its bar, drawn in text, so staff can edit the figures and the bars with them in Word."""

from io import BytesIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import Pt

from evidence.publishing.packs.document import PackDocument, ShownTable

BAR = "\u2588"
BAR_WIDTH = 30


def render_docx(document: PackDocument) -> tuple[bytes, int | None]:
    """The DOCX's bytes; its page count is Word's to decide when it opens it, so None."""
    docx = Document()
    docx.core_properties.title = document.title
    docx.core_properties.author = "NASUWT"
    docx.add_heading(document.title, level=0)
    docx.add_paragraph(document.made_on)
    for section in document.sections:
        docx.add_heading(section.heading, level=1)
        for text in section.paragraphs:
            docx.add_paragraph(text)
        for table in section.tables:
            add_table(docx, table)
    docx.add_heading("What members told us, in their own words", level=1)
    if not document.quotes:
        docx.add_paragraph("No approved quotes for these submissions yet.")
    for text in document.quotes:
        docx.add_paragraph(f"\u201c{text}\u201d", style="Quote")
    if document.answers:
        docx.add_heading("The union's answers to the related consultation questions", level=1)
        for heading, answer in document.answers:
            docx.add_heading(heading, level=3)
            for paragraph in answer.split("\n\n"):
                if paragraph.strip():
                    docx.add_paragraph(paragraph.strip())
    out = BytesIO()
    docx.save(out)
    return out.getvalue(), None


def add_table(docx: DocxDocument, table: ShownTable) -> None:
    docx.add_heading(table.heading, level=2)
    chart = table.chart and bool(table.bars)
    grid = docx.add_table(rows=1, cols=3 if chart else 2)
    grid.style = "Table Grid"
    header = grid.rows[0].cells
    header[0].text, header[1].text = "", "Count"
    if chart:
        header[2].text = "Chart"
    widest = max([*table.bars, 1])
    for (label, shown), value in zip(table.rows, table.bars, strict=True):
        cells = grid.add_row().cells
        cells[0].text, cells[1].text = label, shown
        if chart:
            cells[2].text = BAR * round(BAR_WIDTH * value / widest)
    total = grid.add_row().cells
    total[0].text, total[1].text = table.total_label, table.total
    for row in grid.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
