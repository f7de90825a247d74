"""Evidence packs for policy meetings (issue 14): which submissions (``selection``), what is counted
(``figures``), the document as words and numbers (``document``), its PDF and DOCX renderings (``pdf``,
``docx``), and the life of a stored pack (``lifecycle``)."""
