"""docs/extract-format.md stays in sync with the code: every rule code, every file-level code, the
alias table (generated from mutasi/ingest/headers.py; UPDATE_DOCS=1 rewrites it)."""

from __future__ import annotations

import os
import re

from mutasi.config import REPO_ROOT
from mutasi.ingest.headers import aliases_markdown
from mutasi.ingest.readers import FILE_RULES
from validations.schemas import OTHER_RULES, all_rules, rule_codes

DOC = REPO_ROOT / "docs" / "extract-format.md"
BEGIN, END = "<!-- ALIASES:BEGIN -->", "<!-- ALIASES:END -->"


def _rule_table_codes(text: str) -> set[str]:
    section = text.split("## 6. Kode aturan karantina", 1)[1].split("## 7.", 1)[0]
    return set(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.M))


def test_every_quarantine_rule_code_is_documented_with_its_fix():
    text = DOC.read_text("utf-8")
    documented = _rule_table_codes(text)
    assert rule_codes() - documented == set(), "rule codes missing from docs/extract-format.md §6"
    assert documented - rule_codes() == set(), "docs list rule codes the code does not have"
    assert {"row_field_count", "file_rejected"} <= set(OTHER_RULES)


def test_every_file_level_code_is_documented():
    section = DOC.read_text("utf-8").split("## 7.", 1)[1].split("## 8.", 1)[0]
    assert set(FILE_RULES) == set(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.M))


def test_file_level_codes_raised_by_the_readers_are_declared():
    source = (REPO_ROOT / "mutasi" / "ingest" / "readers.py").read_text("utf-8")
    raised = set(re.findall(r'ExtractReadError\(\s*"([a-z_]+)"', source))
    assert raised and raised <= set(FILE_RULES)


def test_rule_names_are_distinct_within_each_entity():
    for entity, rules in all_rules().items():
        names = [r.name for r in rules]
        assert len(names) == len(set(names)), entity


def test_alias_table_is_generated_from_the_alias_list():
    text = DOC.read_text("utf-8")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    wanted = f"{head}{BEGIN}\n{aliases_markdown()}\n{END}{tail}"
    if os.environ.get("UPDATE_DOCS"):
        DOC.write_text(wanted, encoding="utf-8")
    assert text == wanted, "alias table out of date: run UPDATE_DOCS=1 pytest tests/validations/test_docs_in_sync.py"
