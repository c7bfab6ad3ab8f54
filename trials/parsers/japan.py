"""Japanese registries: jRCT (jrct.niph.go.jp; Japanese, partly English) and UMIN-CTR
(Japanese/English label pairs "対象疾患名/Condition" with "日本語 ... 英語 ..." values).

jRCT copies often lose their labels and keep the values in page order: the category
("第一種"), dates in the Japanese era, the titles, the providing institution, its
representative, the purpose, "N/A", the disease, the status. Read that way, each value is
flagged.
"""

import re

from trials.parsers.cleaning import clean_item
from trials.parsers.draft import Draft
from trials.parsers.furniture import is_furniture, looks_like_title
from trials.parsers.layouts import Layout
from trials.parsers.sections import LABELS, Section, glued_label_pattern, label_table
from trials.vocab.fields import lookup, phases_of

_JRCT_LABELS = {
    "registry_ids": ("jRCT番号", "臨床研究実施計画番号", "jRCT No."),
    "title": ("研究名称", "提供しようとする再生医療等の名称", "再生医療等の名称"),
    "official_title": ("平易な研究名称", "(1)再生医療等の名称及び分類"),
    "conditions": ("対象疾患名", "対象疾患", "疾患名"),
    "status": ("進捗状況", "研究の進捗状況"),
    "study_type": ("研究の種別", "試験の種類"),
    "phases": ("試験のフェーズ", "試験等のフェーズ", "フェーズ"),
    "interventions": ("介入の内容", "介入の種類", "再生医療等の内容"),
    "primary_outcomes": ("主たる評価項目",),
    "secondary_outcomes": ("副次的な評価項目",),
    "inclusion": ("選択基準",),
    "exclusion": ("除外基準",),
    "min_age": ("年齢下限",),
    "max_age": ("年齢上限",),
    "sex": ("性別",),
    "enrollment": ("目標症例数", "予定症例数"),
    "sponsor": ("研究責任医師の所属機関", "実施医療機関の名称", "提供機関の名称", "研究実施機関"),
    "first_posted": ("初回公表日", "公表日", "Date of disclosure of the study information"),
    "last_update": ("最終公表日", "最終更新日"),
    "start": ("研究開始日", "登録・組入れ開始日", "実施期間開始日"),
    "brief_summary": ("研究の目的", "目的"),
    "ignore": ("認定再生医療等委員会の名称(認定番号)", "認定臨床研究審査委員会", "受付番号",
               "総括報告書の概要", "臨床研究の名称等", "研究・治験の目的"),
}  # fmt: skip
_UMIN_LABELS = {
    "registry_ids": ("UMIN試験ID", "UMIN ID", "Unique ID issued by UMIN"),
    "official_title": ("科学的試験名", "Scientific Title"),
    "title": ("一般向け試験名", "Public title"),
    "acronym": ("一般向け試験名略称", "Acronym"),
    "countries": ("試験実施地域", "Region"),
    "conditions": ("対象疾患名", "Condition"),
    "status": ("試験進捗状況", "Recruitment status"),
    "study_type": ("試験の種類", "Study type"),
    "phases": ("開発相", "Developmental phase"),
    "enrollment": ("目標参加者数", "Target sample size"),
    "min_age": ("年齢（下限）", "Age-lower limit"),
    "max_age": ("年齢（上限）", "Age-upper limit"),
    "sex": ("性別", "Gender"),
    "inclusion": ("選択基準", "Key inclusion criteria"),
    "exclusion": ("除外基準", "Key exclusion criteria"),
    "primary_outcomes": ("主要アウトカム評価項目", "Primary outcomes"),
    "secondary_outcomes": ("副次アウトカム評価項目", "Key secondary outcomes"),
    "brief_summary": ("目的1", "Narrative objectives1"),
    "first_posted": ("一般公開日(本登録希望日)", "一般公開日"),
    "last_update": ("最終更新日", "Last modified on"),
    "sponsor": ("責任組織", "Name of primary sponsor", "研究費提供組織"),
    "ignore": ("受付番号", "基本情報", "Basic information", "Scientific Title:Acronym", "Base",
               "対象疾患/Condition",
               "Assessment", "Objectives", "Receipt number", "Receipt No.",
               "科学的試験名略称", "Classification by specialty", "Classification by malignancy",
               "Genomic information", "目的2", "Basic objectives2", "Basic objectives -Others",
               "Trial characteristics_1", "Trial characteristics_2"),
}  # fmt: skip
# A bilingual label this table does not know ("疾患区分2/Classification ...") still ends the
# section before it.
_BILINGUAL_LABEL = re.compile(r"^[^\x00-\x7f][^/]{0,30}/[A-Za-z][\w ()/:.,&'-]{0,60}$")
# The unlabelled phase line of a jRCT page: "1", "2", "1-2", "N/A".
_PHASE_LINE = re.compile(r"^(?:N/A|[0-4](?:\s*[-/~・]\s*[0-4])?)$", re.IGNORECASE)
# An unlabelled line at least this long above the phase line is the purpose, not a name.
PURPOSE_MIN_LENGTH = 40
_INSTITUTION = re.compile(r"(?:病院|大学|センター|研究所|機構|法人|クリニック|医院|学会)$")


def _read_unlabelled(draft: Draft, preamble: list[str], sections: list[Section]) -> None:
    """jRCT values in page order without labels: titles, institution, disease, status."""
    lines = [
        item
        for item in map(clean_item, preamble)
        if item and (_PHASE_LINE.match(item) or not is_furniture(item))
    ]
    titles = [index for index, line in enumerate(lines) if looks_like_title(line)]
    if not titles:
        return
    first = titles[0]
    if not draft.has("title"):
        draft.put("title", lines[first])
        draft.flag(
            "title_guessed",
            f"no labelled title; the first title line '{lines[first][:40]}' is used",
        )
    following = lines[first + 1 : first + 4]
    sponsor = next((line for line in following if _INSTITUTION.search(line)), "")
    draft.put_implied("sponsor", sponsor, "the institution line under the titles")
    for index, line in enumerate(lines):
        if index > first and lookup("status", line):
            before = lines[index - 1] if index > 0 else ""
            phase = lines[index - 2] if index - 2 > first else ""
            if not _PHASE_LINE.match(phase):
                phase = ""
            elif phase.upper() != "N/A":
                draft.put_implied("phases", phases_of(f"phase {phase}"), "the phase line")
            # Above the phase line, a long line is the purpose (what is given, and how).
            purpose = lines[index - 3] if phase and index - 3 > first else ""
            if len(purpose) >= PURPOSE_MIN_LENGTH and not looks_like_title(purpose):
                draft.put_implied("brief_summary", purpose, "the line above the phase line")
            # Under a phase line the disease line may be long; without one, a long line is
            # more likely the purpose.
            limit = 200 if phase else 40
            if before and not _PHASE_LINE.match(before) and len(before) <= limit:
                if index - 1 > first:
                    draft.put_implied("conditions", (before,), "the line before the status")
            break


# UMIN's one-line rendering: "一般向け試験名/Public title X", "Public title X", "Condition X".
_UMIN_WORDINGS = sorted(
    {w for wordings in _UMIN_LABELS.values() for w in wordings}, key=len, reverse=True
)
_UMIN_GLUED = re.compile(
    r"^\s*(?P<label>(?:[^\x00-\x7f/\s]{1,20}/)?(?:"
    + "|".join(map(re.escape, _UMIN_WORDINGS))
    + r"))(?:\s*[:：]\s*|\s+)(?P<value>\S.*)$"
)

JRCT = Layout(
    name="jrct",
    signals=(
        ("jRCT", 0.3),
        ("臨床研究等提出・公開システム", 0.4),
        ("jrct.niph.go.jp", 0.4),
        ("再生医療等提供計画", 0.3),
        ("臨床研究実施計画", 0.3),
    ),  # fmt: skip
    labels=label_table(LABELS, _JRCT_LABELS),
    glued=glued_label_pattern(w for wordings in _JRCT_LABELS.values() for w in wordings),
    study_type="interventional",  # jRCT lists clinical research and regenerative-medicine plans
    hook=_read_unlabelled,
)
UMIN = Layout(
    name="umin",
    signals=(
        ("UMIN-CTR", 0.4),
        ("UMIN試験ID", 0.4),
        ("Basic information", 0.1),
        ("Unique ID issued by UMIN", 0.4),
        ("upload.umin.ac.jp", 0.3),
    ),  # fmt: skip
    labels=label_table(LABELS, _UMIN_LABELS),
    glued=_UMIN_GLUED,
    unknown_label=_BILINGUAL_LABEL,
    bilingual=True,
)
