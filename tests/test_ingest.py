import codecs

import pytest

from extract import builddb
from extract.ingest.decode import UndecodableError, decode_bytes
from extract.ingest.inbox import RawDocument, Rejection, ingest_inbox, read_document

REPORT = "百花洲街道2021年工作总结\n一、工作总结\n全年完成一般公共预算收入1548万元。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_decode_reads_common_report_encodings(encoding):
    text, detected = decode_bytes(REPORT.encode(encoding))
    assert text.lstrip("\ufeff") == REPORT
    assert detected


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"   \n\t", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
])
def test_decode_rejects_non_text(data, reason):
    with pytest.raises(UndecodableError, match=reason):
        decode_bytes(data)


def test_decode_rejects_broken_utf16_after_bom():
    with pytest.raises(UndecodableError, match="utf-16"):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8")  # lone surrogate


def test_read_document_gives_reasons(tmp_path):
    (tmp_path / "ok.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "big.txt").write_text(REPORT * 50, encoding="utf-8")
    (tmp_path / "legacy.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    ok = read_document(tmp_path / "ok.txt", max_bytes=1000)
    assert isinstance(ok, RawDocument) and ok.encoding == "utf-8" and len(ok.content_sha256) == 64
    assert "empty" in read_document(tmp_path / "empty.txt", 1000).reason
    big = read_document(tmp_path / "big.txt", 1000)
    assert isinstance(big, Rejection) and "cap" in big.reason and big.content_sha256
    assert read_document(tmp_path / "legacy.doc", 1000).reason.startswith("truncated legacy Word .doc: 4 bytes")


def test_ingest_dedupes_content_quarantines_bad_files_and_is_idempotent(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(REPORT, encoding="utf-8")
    (inbox / "a_copy.txt").write_text(REPORT, encoding="utf-8")
    (inbox / "gbk.txt").write_bytes(REPORT.replace("1548", "2000").encode("gb18030"))
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    con = builddb.connect(tmp_path / "build.duckdb")
    first = ingest_inbox(con, inbox, 1 << 20, "run-1")
    assert first == {"files_seen": 5, "ingested": 2, "quarantined": 2}
    docs = con.execute("select source_file, encoding from raw.documents order by source_file").fetchall()
    assert [name for name, _ in docs] == ["a.txt", "gbk.txt"]
    assert docs[1][1].replace("_", "").lower() in {"gb18030", "gbk", "gb2312"}
    reasons = dict(con.execute("select source_file, reason from audit.quarantine").fetchall())
    assert set(reasons) == {"empty.txt", "photo.txt"}
    assert "empty" in reasons["empty.txt"] and "binary" in reasons["photo.txt"]

    second = ingest_inbox(con, inbox, 1 << 20, "run-2")
    assert second == {"files_seen": 5, "ingested": 0, "quarantined": 0}
    assert con.execute("select count(*) from raw.documents").fetchone()[0] == 2
    assert con.execute("select count(*) from audit.quarantine").fetchone()[0] == 2
    con.close()


def test_missing_inbox_is_a_clear_error(tmp_path):
    con = builddb.connect(tmp_path / "build.duckdb")
    with pytest.raises(FileNotFoundError, match="inbox folder"):
        ingest_inbox(con, tmp_path / "nope", 1 << 20, "run-1")
    con.close()
