"""A pack as PDF (ReportLab): each table of figures with its bar chart beside it, drawn with ReportLab's
own graphics, then the approved quotes and the union's answers."""

from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart  # type: ignore[import-untyped]
from reportlab.graphics.shapes import Drawing  # type: ignore[import-untyped]
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.lib.styles import getSampleStyleSheet  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from evidence.publishing.packs.document import PackDocument, ShownTable

STYLES = getSampleStyleSheet()
NASUWT_BLUE = colors.HexColor("#1d3c78")
CHART_WIDTH = 75 * mm
ROW_HEIGHT = 5 * mm


def render_pdf(document: PackDocument, *, compress: bool = True) -> tuple[bytes, int]:
    """The PDF's bytes and its page count. ``compress=False`` leaves the page text readable (tests)."""
    out = BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        title=document.title,
        author="NASUWT",
        pageCompression=1 if compress else 0,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
    )
    doc.build(story(document))
    return out.getvalue(), doc.page


def story(document: PackDocument) -> list[Flowable]:
    flow: list[Flowable] = [
        Paragraph(escape(document.title), STYLES["Title"]),
        Paragraph(escape(document.made_on), STYLES["Normal"]),
    ]
    for section in document.sections:
        flow.append(Paragraph(escape(section.heading), STYLES["Heading2"]))
        flow += [Paragraph(escape(text), STYLES["Normal"]) for text in section.paragraphs]
        for table in section.tables:
            flow += [Spacer(1, 3 * mm), figures_with_chart(table)]
    flow.append(Paragraph("What members told us, in their own words", STYLES["Heading2"]))
    if not document.quotes:
        flow.append(Paragraph("No approved quotes for these submissions yet.", STYLES["Normal"]))
    flow += [Paragraph(f"\u201c{escape(text)}\u201d", STYLES["Italic"]) for text in document.quotes]
    if document.answers:
        flow.append(
            Paragraph("The union's answers to the related consultation questions", STYLES["Heading2"])
        )
        for heading, answer in document.answers:
            flow.append(Paragraph(escape(heading), STYLES["Heading4"]))
            flow += [Paragraph(escape(p), STYLES["Normal"]) for p in answer.split("\n\n") if p.strip()]
    return flow


def figures_table(table: ShownTable) -> Table:
    rows = [[table.heading, ""], *table.rows, [table.total_label, table.total]]
    shown = Table(rows, colWidths=[62 * mm, 28 * mm], repeatRows=1)
    shown.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("FONT", (0, -1), (-1, -1), "Helvetica-Bold"),
                ("SPAN", (0, 0), (-1, 0)),
                ("ALIGN", (1, 1), (1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, NASUWT_BLUE),
                ("LINEABOVE", (0, -1), (-1, -1), 0.5, NASUWT_BLUE),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("LEADING", (0, 0), (-1, -1), 9),
            ]
        )
    )
    return shown


def chart(table: ShownTable) -> Drawing:
    count = len(table.bars)
    height = ROW_HEIGHT * count + 10 * mm
    drawing = Drawing(CHART_WIDTH, height)
    bars = HorizontalBarChart()
    bars.x, bars.y = 2 * mm, 6 * mm
    bars.width, bars.height = CHART_WIDTH - 6 * mm, ROW_HEIGHT * count
    # Top row first, as in the table beside it.
    bars.data = [list(reversed(table.bars))]
    bars.categoryAxis.categoryNames = ["" for _ in table.bars]
    bars.categoryAxis.visibleTicks = 0
    bars.valueAxis.valueMin = 0
    bars.valueAxis.valueMax = max([*table.bars, 5])
    bars.valueAxis.labels.fontSize = 6
    bars.bars[0].fillColor = NASUWT_BLUE
    bars.barWidth = ROW_HEIGHT * 0.6
    drawing.add(bars)
    return drawing


def figures_with_chart(table: ShownTable) -> Flowable:
    if not table.chart or not table.bars:
        return figures_table(table)
    side_by_side = Table([[figures_table(table), chart(table)]], colWidths=[92 * mm, CHART_WIDTH])
    side_by_side.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return KeepTogether([side_by_side])
