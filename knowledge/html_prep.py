"""Prepare a page's HTML for text extraction: label/value structures become "Label: value" lines.

Definition lists, label tables (a row heading and its value, no column headings) and list
items that open with a bold label come out run together or as a header row otherwise;
accordion headings that are buttons keep their words.
"""

import re

from lxml import etree
from lxml import html as lxml_html


def _cell_text(cell) -> str:
    return re.sub(r"\s+", " ", cell.text_content()).strip()


def _label_rows(table) -> list[tuple[str, str]]:
    """Return a table's (label, value) rows when it is a label table, else an empty list.

    A label table has two cells a row and no row of column headings: "Degree | Master of
    Science" is a fact, where "Step | Date" over its rows names the columns.
    """
    rows = []
    for row in table.xpath(".//tr"):
        cells = row.xpath("./th | ./td")
        headings = all(cell.tag == "th" for cell in cells) or row.xpath("ancestor::thead")
        if len(cells) != 2 or headings:
            return []
        label, value = (_cell_text(cell) for cell in cells)
        if not label or not value or len(label.split()) > 8:
            return []
        rows.append((label.rstrip(":"), value))
    return rows


def _table_to_labels(table) -> None:
    """Replace a label table by its caption (as a heading) and a list of "Label: value" items."""
    replacement = etree.Element("div")
    caption = table.xpath("./caption")
    if caption:
        etree.SubElement(replacement, "h3").text = _cell_text(caption[0])
    items = etree.SubElement(replacement, "ul")
    for label, value in _label_rows(table):
        etree.SubElement(items, "li").text = f"{label}: {value}"
    replacement.tail = table.tail
    table.getparent().replace(table, replacement)


def _label_cards(tree) -> list:
    """Turn a card of a label and a value (<div><span>Campus</span><span>Bay</span></div>) and a
    paragraph that opens with a bold label (<p><strong>Régime</strong> Temps plein</p>) into a
    "Label: value" line; the extractor drops the first and runs the second together."""
    cards = [
        card
        for card in tree.xpath(
            "//*[self::div or self::li or self::p][count(*)=2]"
            "[*[1][self::span or self::strong or self::b]][*[2][self::span]]"
        )
        if not (card.text or "").strip() and not any((child.tail or "").strip() for child in card)
    ]
    paragraphs = [
        paragraph
        for paragraph in tree.xpath("//p[*[1][self::strong or self::b]]")
        if not (paragraph.text or "").strip()
        and (paragraph[0].tail or "").strip()
        and len(paragraph[0].text_content().split()) <= 5
        and not paragraph[0].text_content().strip().endswith((":", "?", "."))
        and not (paragraph[0].tail or "").lstrip().startswith((":", "?", ".", ","))
    ]
    for element in cards + paragraphs:
        label = re.sub(r"\s+", " ", element[0].text_content()).strip()
        rest = re.sub(r"\s+", " ", element.text_content()).strip()[len(label) :].strip()
        if not label or not rest:
            continue
        tail = element.tail
        element.clear()
        element.tag = "p"
        element.text, element.tail = f"{label}: {rest}", tail
    return cards + paragraphs


def prepare_html(html: str) -> str:
    """Turn <dt>Duration</dt><dd>1 year</dd> into a "Duration: 1 year" item the builder reads.

    List items that open with a bold label (<li><strong>Start date:</strong> 1 May</li>) are
    flattened to plain text too: the extractor otherwise runs such a list into one line.
    """
    try:
        tree = lxml_html.fromstring(html)
    except (etree.ParserError, ValueError):
        return html
    # call-to-action buttons ("Start your application", "Request information") are page
    # furniture; the extractor runs their text into the next heading
    buttons = tree.xpath(
        "//button | //a[contains(concat(' ', @class, ' '), ' button ')"
        " or contains(concat(' ', @class, ' '), ' btn ') or contains(@class, 'cta')]"
    )
    for button in buttons:
        if button.xpath("ancestor::h1 | ancestor::h2 | ancestor::h3 | ancestor::h4 | ancestor::h5"):
            button.drop_tag()  # an accordion's heading is a button: its words are the heading
        else:
            button.drop_tree()
    tables = [table for table in tree.xpath("//table") if _label_rows(table)]
    for table in tables:
        _table_to_labels(table)
    labelled = [
        item
        for item in tree.xpath("//li[*[1][self::strong or self::b]]")
        if not (item.text or "").strip()
    ]
    for item in labelled:
        text = re.sub(r"\s+", " ", item.text_content()).strip()
        text = re.sub(r"^([^:]{1,60}?)\s*:\s*", r"\1: ", text)
        tail = item.tail
        item.clear()
        item.text, item.tail = text, tail
    cards = _label_cards(tree)
    lists = tree.xpath("//dl")
    for definitions in lists:
        items = []
        term = None
        for child in definitions:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "dt":
                term = child.text_content().strip()
            elif tag == "dd" and term:
                items.append(f"{term.rstrip(':')}: {child.text_content().strip()}")
        if items:
            replacement = etree.Element("ul")
            for item in items:
                etree.SubElement(replacement, "li").text = item
            replacement.tail = definitions.tail
            definitions.getparent().replace(definitions, replacement)
    changed = lists or labelled or buttons or tables or cards
    return etree.tostring(tree, encoding="unicode", method="html") if changed else html
