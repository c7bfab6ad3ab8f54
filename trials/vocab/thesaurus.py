"""The field's search thesaurus: wordings that mean the same thing to people searching.

Data only, in one place; curators add more in the admin (``SearchSynonym``), and
``trials.search`` merges both. Each concept is a tuple of equivalent wordings: a query holding
any of them also finds the others. Write wordings naturally (hyphens, plurals and accents are
folded when the thesaurus is built); short abbreviations such as "EV" or "MS" are listed only
with their meanings in this field, and search matches them as whole words, so they never match
inside other words.

Sources of the wordings: the catalogue's vocabularies (``regen.py``, ``condition_areas.py``),
the registries' usual abbreviations, British and US spellings, and the Italian, Spanish and
German terms found on the pages the catalogue imports (EU register, AIFA, REec, DRKS).
"""

import re

from trials.text import search_key

# fmt: off
CELLS_AND_PRODUCTS: tuple[tuple[str, ...], ...] = (
    (
        "mesenchymal stromal cell", "MSC", "mesenchymal stem cell", "mesenchymal stem/stromal cell",
        "multipotent mesenchymal stromal cell", "mesenchymal progenitor cell",
        "mesenchymal precursor cell", "MPC",
        "cellule staminali mesenchimali", "cellule stromali mesenchimali",
        "células madre mesenquimales", "células mesenquimales", "células estromales mesenquimales",
        "mesenchymale Stammzellen", "mesenchymale Stromazellen",
    ),
    ("bone marrow mesenchymal stromal cell", "BM-MSC", "BMSC", "bone marrow derived MSC",
     "bone marrow derived mesenchymal stem cell", "bone marrow mesenchymal stem cell"),
    ("umbilical cord mesenchymal stromal cell", "UC-MSC", "UCMSC", "hUC-MSC",
     "umbilical cord derived mesenchymal stem cell", "umbilical cord mesenchymal stem cell",
     "Wharton's jelly mesenchymal stem cell", "WJ-MSC"),
    ("adipose derived stromal cell", "ADSC", "AD-MSC", "ADMSC", "adipose derived stem cell",
     "adipose derived mesenchymal stem cell", "adipose mesenchymal stem cell",
     "adipose tissue derived stem cell", "ASC"),
    ("stromal vascular fraction", "SVF"),
    ("regulatory T cell", "Treg", "T-reg", "regulatory T lymphocyte", "CD4+CD25+ T cell",
     "linfociti T regolatori", "cellule T regolatorie", "células T reguladoras",
     "linfocitos T reguladores", "regulatorische T-Zellen"),
    ("extracellular vesicle", "EV", "exosome", "secretome", "small extracellular vesicle",
     "vesicole extracellulari", "esosomi", "vesículas extracelulares", "exosomas",
     "extrazelluläre Vesikel", "Exosomen"),
    ("induced pluripotent stem cell", "iPSC", "iPS cell", "hiPSC",
     "cellule staminali pluripotenti indotte", "células madre pluripotentes inducidas",
     "induzierte pluripotente Stammzellen"),
    ("embryonic stem cell", "hESC", "ESC", "human embryonic stem cell",
     "cellule staminali embrionali", "células madre embrionarias", "embryonale Stammzellen"),
    ("chimeric antigen receptor T cell", "CAR-T", "CAR T cell", "CAR-T cell therapy",
     "cellule CAR-T", "células CAR-T"),
    ("hematopoietic stem cell", "HSC", "haematopoietic stem cell", "HSPC",
     "hematopoietic stem and progenitor cell", "CD34+ cell"),
    ("hematopoietic stem cell transplantation", "HSCT", "haematopoietic stem cell transplantation",
     "bone marrow transplantation", "BMT", "stem cell transplant"),
    ("bone marrow mononuclear cell", "BMMNC", "BM-MNC", "bone marrow aspirate concentrate", "BMAC"),
    ("umbilical cord blood", "UCB", "cord blood", "sangue cordonale", "sangre de cordón umbilical",
     "Nabelschnurblut"),
    ("platelet rich plasma", "PRP", "plasma ricco di piastrine", "plasma rico en plaquetas"),
    ("neural stem cell", "NSC", "neural progenitor cell", "NPC", "neural stem/progenitor cell",
     "NSPC"),
    ("natural killer cell", "NK cell"),
    ("autologous chondrocyte implantation", "ACI", "MACI",
     "matrix induced autologous chondrocyte implantation"),
    ("cultivated limbal epithelial transplantation", "CLET", "limbal stem cell transplantation"),
    ("advanced therapy medicinal product", "ATMP", "medicinale per terapia avanzata",
     "medicamento de terapia avanzada", "Arzneimittel für neuartige Therapien"),
    ("cell therapy", "cellular therapy", "terapia cellulare", "terapia celular", "Zelltherapie"),
    ("stem cell", "cellule staminali", "cellula staminale", "células madre", "célula madre",
     "Stammzellen", "Stammzelle"),
    ("gene therapy", "terapia genica", "terapia génica", "Gentherapie"),
)

TISSUES_AND_ROUTES: tuple[tuple[str, ...], ...] = (
    ("bone marrow", "midollo osseo", "médula ósea", "Knochenmark"),
    ("adipose tissue", "fat tissue", "lipoaspirate", "tessuto adiposo", "tejido adiposo",
     "Fettgewebe"),
    ("umbilical cord", "cordone ombelicale", "cordón umbilical", "Nabelschnur"),
    ("intravenous", "IV", "i.v.", "intravenously", "endovenosa", "endovenoso", "intravenosa",
     "intravenös"),
    ("intra-articular", "IA", "intraarticular", "intra articolare", "intraarticolare",
     "intraartikulär"),
    ("intrathecal", "intratecale", "intratecal", "intrathekal"),
    ("intramyocardial", "intramiocardico", "intramiocárdico"),
    ("intracoronary", "intracoronarico", "intracoronario", "intrakoronar"),
    ("subcutaneous", "sottocutaneo", "subcutáneo", "subkutan"),
    ("intramuscular", "intramuscolare", "intramuscular", "intramuskulär"),
)

CONDITIONS: tuple[tuple[str, ...], ...] = (
    ("graft versus host disease", "GVHD", "GvHD", "graft-vs-host disease", "aGVHD", "cGVHD",
     "acute graft versus host disease", "chronic graft versus host disease",
     "malattia del trapianto contro l'ospite", "enfermedad de injerto contra huésped",
     "enfermedad injerto contra huésped", "Graft-versus-Host-Krankheit"),
    ("amyotrophic lateral sclerosis", "ALS", "motor neuron disease", "motor neurone disease",
     "MND", "Lou Gehrig's disease", "sclerosi laterale amiotrofica", "SLA",
     "esclerosis lateral amiotrófica", "amyotrophe Lateralsklerose"),
    ("multiple sclerosis", "MS", "sclerosi multipla", "esclerosis múltiple",
     "multiple Sklerose"),
    ("osteoarthritis", "OA", "osteoarthrosis", "degenerative joint disease", "gonarthrosis",
     "artrosi", "osteoartrosi", "artrosis", "osteoartritis", "Arthrose"),
    ("myocardial infarction", "MI", "heart attack", "AMI", "acute myocardial infarction", "STEMI",
     "ST elevation myocardial infarction", "infarto miocardico", "infarto del miocardio",
     "infarto de miocardio", "infarto agudo de miocardio", "Herzinfarkt", "Myokardinfarkt"),
    ("spinal cord injury", "SCI", "spinal cord injuries", "lesione del midollo spinale",
     "lesione midollare", "lesión medular", "lesión de la médula espinal",
     "Rückenmarksverletzung", "Querschnittlähmung"),
    ("COVID-19", "COVID", "SARS-CoV-2", "coronavirus disease 2019", "2019-nCoV", "COVID19",
     "SARS-CoV-2 infection", "COVID-19 pneumonia"),
    ("systemic sclerosis", "scleroderma", "SSc", "diffuse cutaneous systemic sclerosis",
     "sclerodermia", "sclerosi sistemica", "esclerodermia", "esclerosis sistémica",
     "Sklerodermie", "systemische Sklerose"),
    ("critical limb ischemia", "CLI", "critical limb ischaemia",
     "chronic limb threatening ischemia", "CLTI", "chronic limb-threatening ischaemia",
     "ischemia critica degli arti",
     "isquemia crítica de miembros", "kritische Extremitätenischämie"),
    ("acute respiratory distress syndrome", "ARDS", "sindrome da distress respiratorio acuto",
     "síndrome de dificultad respiratoria aguda"),
    ("diabetic foot ulcer", "DFU", "diabetic foot", "piede diabetico", "pie diabético",
     "diabetischer Fuß"),
    ("type 1 diabetes", "T1D", "T1DM", "type 1 diabetes mellitus", "diabete di tipo 1",
     "diabetes tipo 1", "Typ-1-Diabetes"),
    ("type 2 diabetes", "T2D", "T2DM", "type 2 diabetes mellitus", "diabete di tipo 2",
     "diabetes tipo 2", "Typ-2-Diabetes"),
    ("chronic kidney disease", "CKD", "chronic renal failure", "malattia renale cronica",
     "enfermedad renal crónica", "chronische Nierenerkrankung"),
    ("acute kidney injury", "AKI", "acute renal failure"),
    ("idiopathic pulmonary fibrosis", "IPF", "fibrosi polmonare idiopatica",
     "fibrosis pulmonar idiopática"),
    ("chronic obstructive pulmonary disease", "COPD", "BPCO", "EPOC"),
    ("bronchopulmonary dysplasia", "BPD"),
    ("traumatic brain injury", "TBI"),
    ("age-related macular degeneration", "AMD", "macular degeneration", "degenerazione maculare",
     "degeneración macular"),
    ("peripheral arterial disease", "PAD", "peripheral artery disease", "PAOD"),
    ("systemic lupus erythematosus", "SLE", "lupus", "lupus eritematoso sistemico",
     "lupus eritematoso sistémico"),
    ("rheumatoid arthritis", "RA", "artrite reumatoide", "artritis reumatoide",
     "rheumatoide Arthritis"),
    ("heart failure", "HF", "cardiac failure", "scompenso cardiaco", "insufficienza cardiaca",
     "insuficiencia cardiaca", "Herzinsuffizienz", "Herzschwäche"),
    ("dilated cardiomyopathy", "DCM", "cardiomiopatia dilatativa", "miocardiopatía dilatada"),
    ("Parkinson's disease", "Parkinson disease", "morbo di Parkinson", "malattia di Parkinson",
     "enfermedad de Parkinson", "Parkinson-Krankheit"),
    ("Alzheimer's disease", "Alzheimer disease", "AD dementia", "malattia di Alzheimer",
     "enfermedad de Alzheimer"),
    ("stroke", "cerebrovascular accident", "CVA", "ictus", "accidente cerebrovascular",
     "Schlaganfall"),
    ("Crohn's disease", "Crohn disease", "morbo di Crohn", "enfermedad de Crohn", "Morbus Crohn"),
    ("limbal stem cell deficiency", "LSCD", "deficit di cellule staminali limbari"),
    ("knee", "ginocchio", "rodilla", "Knie"),
    ("cartilage", "cartilagine", "cartílago", "Knorpel"),
    ("liver cirrhosis", "cirrhosis", "cirrosi epatica", "cirrosis hepática", "Leberzirrhose"),
)

# British and US spellings, each pair a concept of its own (word forms included).
SPELLINGS: tuple[tuple[str, ...], ...] = (
    ("ischemia", "ischaemia"), ("ischemic", "ischaemic"),
    ("hematopoietic", "haematopoietic"), ("hematological", "haematological"),
    ("anemia", "anaemia"), ("edema", "oedema"), ("pediatric", "paediatric"),
    ("tumor", "tumour"), ("hemorrhage", "haemorrhage"), ("leukemia", "leukaemia"),
    ("orthopedic", "orthopaedic"), ("fetal", "foetal"), ("esophageal", "oesophageal"),
    ("hemophilia", "haemophilia"), ("diarrhea", "diarrhoea"), ("estrogen", "oestrogen"),
    ("anesthesia", "anaesthesia"), ("randomized", "randomised"), ("fiber", "fibre"),
    ("center", "centre"), ("dyspnea", "dyspnoea"), ("hemodialysis", "haemodialysis"),
)
# fmt: on

CONCEPTS = CELLS_AND_PRODUCTS + TISSUES_AND_ROUTES + CONDITIONS + SPELLINGS

_WORD = re.compile(r"[^\W_]+")


def words_of(text: str) -> tuple[str, ...]:
    """The words of a wording as search matches them: folded, punctuation gone."""
    return tuple(_WORD.findall(search_key(text)))


def wording_key(words: tuple[str, ...]) -> str:
    """The key two wordings share when they differ only by a plural "s" (MSCs = MSC)."""
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                    for w in words)  # fmt: skip


def build_index(concepts) -> dict[str, tuple[str, ...]]:
    """Wording key -> every wording (as words joined by spaces) of the concepts holding it.

    A wording in several concepts (a curator's synonym of a built-in term) gets them all.
    """
    index: dict[str, list[str]] = {}
    for concept in concepts:
        wordings = [" ".join(words) for words in map(words_of, concept) if words]
        for wording in wordings:
            merged = index.setdefault(wording_key(tuple(wording.split())), [])
            merged.extend(w for w in wordings if w not in merged)
    return {key: tuple(wordings) for key, wordings in index.items()}
