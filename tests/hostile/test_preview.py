"""The admin's import preview shows a file's cells as text: markup in a cell is escaped, never rendered."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).parent / "corpus"


def test_markup_in_a_file_is_shown_escaped_in_the_preview(curator_client):
    content = (CORPUS / "html_in_names.csv").read_bytes()
    response = curator_client.post(
        "/en/admin/alliances/institution/import/",
        {"import_file": SimpleUploadedFile("institutions.csv", content), "format": ""},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "&lt;script&gt;alert(" in page and "&lt;b&gt;粗体&lt;/b&gt;" in page
    assert "<script>alert(" not in page and "<img src=x" not in page and "<b>粗体</b>" not in page
