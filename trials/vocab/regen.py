"""Controlled vocabulary of the regenerative-medicine classification (a record's ``regen``).

Data only: ``trials.parsers.classify`` compiles it once at import, the models and the filter UI
load their vocabulary rows from it. Extend it here, in one place.

Each facet is a tuple of ``Term`` in display order (the order results are reported in):

- ``term`` is the stored value: the schema's enum for product types, otherwise the term of
  ``shared/vocabulary.md``, lowercase except proper acronyms. Never rename one lightly: stored
  trials and saved filter links use it.
- ``label`` is what people read in the filter UI and the admin.
- ``synonyms`` are wordings that always count.
- ``contextual`` are wordings that count only in context; what the context is depends on the
  facet (see each facet's comment).

How wordings are written and matched: write them naturally ("Wharton's jelly", "BM-MSC",
"intra-articular", "i.v."). Matching is whole-word, ignores case, accents, look-alike Cyrillic or
Greek letters, hyphens, slashes, apostrophes and the space between words ("T-reg" = "Treg" =
"T reg"), and a final "s" is optional ("MSC" also finds "MSCs"), so write singular forms.
Where wordings overlap, the longest one at a position wins: "umbilical cord blood" is cord
blood, not umbilical cord. The same wording may sit in several facets: "UC-MSC" is both a cell
type (mesenchymal stromal cells) and a source tissue (umbilical cord).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One controlled term with the wordings that signal it."""

    term: str
    label: str
    synonyms: tuple[str, ...] = ()
    contextual: tuple[str, ...] = ()


def choices(terms: tuple[Term, ...]) -> tuple[tuple[str, str], ...]:
    """``(term, label)`` pairs, e.g. for form choices or for seeding vocabulary rows."""
    return tuple((t.term, t.label) for t in terms)


# fmt: off

# Product types: the schema's fixed enum. cell_therapy is also reported whenever a cell type is
# given as living cells (not only as the source of vesicles, secretome or lysate) and whenever
# gene-modified cells are. Contextual wordings count only in a sentence that also mentions cells
# ("MSCs combined with biomaterial", "CD34+ cells transduced with a lentiviral vector").
PRODUCT_TYPES: tuple[Term, ...] = (
    Term(
        "cell_therapy",
        "Cell therapy",
        synonyms=(
            "stem cell", "stromal cell", "progenitor cell", "precursor cell", "mononuclear cell",
            "cell therapy", "cellular therapy", "cell-based therapy", "cell-based",
            "cell product", "cellular product", "cell-based medicinal product",
            "somatic cell therapy", "cell transplantation", "cell transplant",
            "cell implantation", "cell injection", "cell infusion", "cell suspension",
            "cell graft", "living cell", "cord blood unit", "cord blood transplantation",
            "cord blood infusion", "autologous cell", "allogeneic cell", "allogenic cell",
            "cultured cell", "amniotic epithelial cell", "hAEC", "Schwann cell",
            "olfactory ensheathing cell", "cardiomyocyte", "cardiosphere-derived cell",
            "islet transplantation", "islet cell", "retinal pigment epithelium cell", "RPE cell",
            "dopaminergic neuron", "dopaminergic progenitor", "terapia cellulare",
            "cellule staminali",
        ),
    ),
    Term(
        "extracellular_vesicles",
        "Extracellular vesicles",
        synonyms=(
            "extracellular vesicle", "EVs", "sEV", "exosome", "exosomal", "exosome-like",
            "microvesicle", "nanovesicle", "secretome vesicle", "MSC-EV", "MSC-Exo",
            "MSC-Exosome", "vescicole extracellulari", "esosomi",
        ),
    ),
    Term(
        "gene_modified_cells",
        "Gene-modified cells",
        synonyms=("CAR-T", "CAR T cell", "chimeric antigen receptor", "gene-corrected cell"),
        contextual=(
            "genetically modified", "genetically engineered", "gene-modified", "gene-edited",
            "gene editing", "engineered", "transduced", "transfected", "overexpressing",
            "lentiviral", "lentivirus", "retroviral", "CRISPR",
        ),
    ),
    Term(
        "tissue_engineered",
        "Tissue-engineered product",
        synonyms=(
            "tissue-engineered", "tissue engineering", "bio-engineered", "engineered tissue",
            "skin substitute", "dermal substitute", "dermo-epidermal substitute",
            "combined advanced therapy medicinal product", "combined ATMP", "MACI",
            "matrix-induced autologous chondrocyte", "cell sheet", "cell-seeded",
            "seeded scaffold", "bioprinted", "StrataGraft", "Apligraf", "Dermagraft",
            "denovoSkin", "NOVOCART 3D", "ingegneria tissutale",
        ),
        contextual=(
            "scaffold", "matrix", "matrices", "biomaterial", "hydrogel", "carrier",
            "collagen membrane", "collagen sponge", "fibrin glue", "fibrin sealant",
            "fibrin gel", "hydroxyapatite", "tricalcium phosphate", "bone substitute",
            "ceramic", "seeded", "biomateriale", "biomatériau", "matrice",
        ),
    ),
    Term(
        "cell_free_derivative",
        "Cell-free derivative",
        synonyms=(
            "conditioned medium", "conditioned media", "MSC-CM", "secretome", "lysate",
            "platelet lysate", "cell-free supernatant", "exosome-depleted",
        ),
    ),
    Term(
        "other",
        "Other regenerative product",
        synonyms=(
            "platelet-rich plasma", "platelet-rich fibrin", "autologous conditioned serum",
            "microfragmented adipose tissue", "lipofilling", "fat grafting",
            "autologous fat transfer", "amniotic membrane transplantation",
            "amniotic membrane transplant", "amniotic membrane graft",
            "amniotic membrane allograft", "amniotic membrane patch", "amnion/chorion membrane",
            "dHACM",
        ),
    ),
)

# Cell types. Every cell type found counts, even when the cells are only the source of a
# derivative ("MSC-derived exosomes" has cell type MSC but product type EVs only).
CELL_TYPES: tuple[Term, ...] = (
    Term(
        "mesenchymal stromal cells",
        "Mesenchymal stromal cells (MSC)",
        synonyms=(
            "mesenchymal stem cell", "mesenchymal stromal cell", "mesenchymal stem/stromal cell",
            "mesenchymal stromal/stem cell", "mesenchymal stem", "mesenchymal stromal",
            "mesenchymal cell", "mesenchymal progenitor cell", "mesenchymal precursor cell",
            "mesenchymal precursor", "MPC", "multipotent stromal cell", "multipotent stem cell",
            "MSC", "hMSC", "MSC-like", "BM-MSC", "hBM-MSC", "BMSC", "hBMSC", "BMMSC",
            "bone marrow stromal cell", "marrow stromal cell", "UC-MSC", "hUC-MSC", "UCMSC",
            "hUCMSC", "WJ-MSC", "WJMSC", "AD-MSC", "ADMSC", "ADSC", "hADSC", "ASC",
            "adipose-derived stem cell", "adipose-derived stromal cell", "DPSC",
            "dental pulp stem cell", "MenSC", "menstrual blood stem cell", "UCB-MSC", "AF-MSC",
            "AM-MSC", "PB-MSC", "remestemcel", "remestemcel-L", "Prochymal", "Ryoncil",
            "rexlemestrocel", "rexlemestrocel-L", "darvadstrocel", "Alofisel", "Cx601",
            "Cupistem", "Stempeucel", "Cartistem", "Temcell", "Stemirac", "Obnitix", "MSC-FFM",
            "NurOwn", "MSC-NTF", "lenzumestrocel", "Neuronata-R", "cellule mesenchimali",
            "cellule staminali mesenchimali", "cellule stromali mesenchimali",
            "cellules souches mésenchymateuses", "cellules stromales mésenchymateuses",
            "células madre mesenquimales", "células mesenquimales",
        ),
    ),
    Term(
        "regulatory T cells",
        "Regulatory T cells (Treg)",
        synonyms=(
            "regulatory T cell", "regulatory T lymphocyte", "regulatory T-cell",
            "T regulatory cell", "T-reg", "Treg", "Treg cell", "iTreg", "nTreg", "Tr1 cell",
            "CD4+CD25+ T cell", "CD4+CD25+", "CD4+CD25+FOXP3+", "CD4+CD25highCD127low",
            "linfociti T regolatori",
        ),
    ),
    Term(
        "chondrocytes",
        "Chondrocytes",
        synonyms=(
            "chondrocyte", "autologous chondrocyte implantation", "chondrocyte implantation",
            "ACI", "MACI", "matrix-induced autologous chondrocyte", "chondrosphere", "Spherox",
            "ChondroCelect", "NOVOCART", "NeoCart", "condrociti",
        ),
    ),
    Term(
        "bone marrow mononuclear cells",
        "Bone marrow mononuclear cells",
        synonyms=(
            "bone marrow mononuclear cell", "bone marrow-derived mononuclear cell",
            "mononuclear bone marrow cell", "marrow mononuclear cell", "BMMNC", "BM-MNC",
            "BMNC", "bone marrow concentrate", "bone marrow aspirate concentrate", "BMAC",
            "bone marrow aspirate", "bone marrow cell",
        ),
    ),
    Term(
        "hematopoietic stem and progenitor cells",
        "Hematopoietic stem and progenitor cells",
        synonyms=(
            "hematopoietic stem cell", "haematopoietic stem cell", "hematopoietic progenitor",
            "haematopoietic progenitor", "hematopoietic stem and progenitor cell", "HSPC",
            "HSCT", "CD34+ cell", "CD34+", "CD34-positive cell", "CD34 cell", "CD133+ cell",
            "CD133+", "CD133-positive cell", "CD133 cell", "peripheral blood stem cell", "PBSC",
        ),
    ),
    Term(
        "stromal vascular fraction",
        "Stromal vascular fraction (SVF)",
        synonyms=(
            "stromal vascular fraction", "SVF", "tSVF", "adipose-derived regenerative cell",
            "ADRC", "frazione vascolare stromale",
        ),
    ),
    Term(
        "neural stem cells",
        "Neural stem/progenitor cells",
        synonyms=(
            "neural stem cell", "neural progenitor cell", "neural precursor cell",
            "neural stem/progenitor cell", "neuronal stem cell", "CNS stem cell", "NSC",
            "hNSC",
        ),
    ),
    Term(
        "induced pluripotent stem cell-derived cells",
        "iPSC-derived cells",
        synonyms=(
            "induced pluripotent stem cell", "induced pluripotent", "iPSC", "hiPSC", "iPS cell",
            "iPS-derived", "iPSC-derived",
        ),
    ),
    Term(
        "embryonic stem cell-derived cells",
        "Embryonic stem cell-derived cells",
        synonyms=(
            "embryonic stem cell", "human embryonic stem", "hESC", "ES cell", "ESC-derived",
            "ES cell-derived",
        ),
    ),
    Term(
        "endothelial progenitor cells",
        "Endothelial progenitor cells",
        synonyms=(
            "endothelial progenitor cell", "endothelial precursor cell", "EPC",
            "endothelial colony-forming cell", "ECFC",
        ),
    ),
    Term(
        "keratinocytes and fibroblasts",
        "Keratinocytes and fibroblasts",
        synonyms=(
            "keratinocyte", "fibroblast", "dermo-epidermal substitute", "epidermal substitute",
            "cultured epidermal autograft", "epidermal sheet", "Epicel", "StrataGraft",
            "Apligraf", "Dermagraft", "denovoSkin", "cheratinociti", "fibroblasti",
        ),
    ),
    Term(
        "skeletal muscle-derived cells",
        "Skeletal muscle-derived cells",
        synonyms=(
            "myoblast", "skeletal myoblast", "muscle-derived cell", "muscle-derived stem cell",
            "muscle precursor cell", "muscle progenitor cell", "satellite cell", "AMDC",
        ),
    ),
    Term(
        "osteoblastic cells",
        "Osteoblastic cells",
        synonyms=("osteoblast", "osteoblastic cell", "osteoprogenitor", "osteoprogenitor cell"),
    ),
    Term(
        "hepatic progenitor cells",
        "Hepatic progenitor cells",
        synonyms=(
            "hepatic progenitor cell", "liver progenitor cell", "hepatic stem cell",
            "liver stem cell", "hepatocyte", "hepatocyte transplantation", "HepaStem",
        ),
    ),
    Term(
        "limbal stem cells",
        "Limbal stem cells",
        synonyms=(
            "limbal stem cell", "limbal epithelial stem cell", "limbal epithelial cell",
            "cultivated limbal epithelial", "LSC", "CALEC", "CLET", "Holoclar",
        ),
    ),
)

# Source tissues. Contextual wordings name tissues that are just as often treated as given
# ("bone marrow failure", "liver cirrhosis", "skin ulcer"); they count only next to a source
# word: "bone marrow-derived", "bone marrow MSCs", "cells isolated from the bone marrow" (see
# SOURCE_AFTER, SOURCE_BEFORE and SOURCE_LINKS below).
SOURCE_TISSUES: tuple[Term, ...] = (
    Term(
        "bone marrow",
        "Bone marrow",
        synonyms=(
            "BM-MSC", "hBM-MSC", "BMSC", "hBMSC", "BMMSC", "BM-MNC", "BMMNC", "BMNC", "BMAC",
            "bone marrow aspirate", "bone marrow concentrate", "bone marrow stromal",
            "marrow stromal", "bone marrow mononuclear", "bone marrow cell", "remestemcel",
            "remestemcel-L", "Prochymal", "Ryoncil", "rexlemestrocel", "rexlemestrocel-L",
            "Stempeucel", "Temcell", "Stemirac", "Obnitix", "MSC-FFM", "NurOwn", "MSC-NTF",
            "lenzumestrocel", "Neuronata-R",
        ),
        contextual=("bone marrow", "marrow", "midollo osseo", "moelle osseuse", "médula ósea"),
    ),
    Term(
        "adipose tissue",
        "Adipose tissue",
        synonyms=(
            "AD-MSC", "ADMSC", "ADSC", "hADSC", "ASC", "ADRC", "SVF", "tSVF",
            "stromal vascular fraction", "adipose-derived", "adipose tissue-derived",
            "fat-derived", "lipoaspirate", "liposuction", "lipofilling", "fat grafting",
            "autologous fat transfer", "infrapatellar fat pad", "microfragmented adipose",
            "darvadstrocel", "Alofisel", "Cx601", "Cupistem",
            "tessuto adiposo",
        ),
        contextual=("adipose tissue", "adipose", "fat", "fat tissue", "abdominal fat"),
    ),
    Term(
        "umbilical cord",
        "Umbilical cord",
        synonyms=(
            "umbilical cord", "Wharton's jelly", "Wharton jelly", "WJ-MSC", "WJMSC", "UC-MSC",
            "hUC-MSC", "UCMSC", "hUCMSC", "cord tissue", "cordone ombelicale",
            "cordon ombilical", "cordón umbilical",
        ),
    ),
    Term(
        "umbilical cord blood",
        "Umbilical cord blood",
        synonyms=(
            "umbilical cord blood", "cord blood", "UCB", "hUCB", "UCB-MSC", "Cartistem",
            "sangue cordonale", "sangue del cordone ombelicale",
        ),
    ),
    Term(
        "placenta",
        "Placenta",
        synonyms=("placenta-derived", "placental-derived", "PLX-PAD", "placental expanded"),
        contextual=("placenta", "placental", "decidua", "chorion", "chorionic"),
    ),
    Term(
        "amniotic membrane",
        "Amniotic membrane",
        synonyms=(
            "amniotic membrane", "amnion", "amnion-derived", "amniotic epithelial cell", "hAEC",
            "AM-MSC", "membrana amniotica",
        ),
    ),
    Term(
        "amniotic fluid",
        "Amniotic fluid",
        synonyms=("AF-MSC", "AFSC", "amniotic fluid stem cell"),
        contextual=("amniotic fluid",),
    ),
    Term(
        "olfactory mucosa",
        "Olfactory mucosa",
        contextual=("olfactory mucosa", "olfactory mucosal", "olfactory epithelium"),
    ),
    Term(
        "peripheral blood",
        "Peripheral blood",
        synonyms=(
            "PBMC", "PB-MNC", "PBMNC", "PBSC", "PB-MSC", "peripheral blood stem cell",
            "leukapheresis",
        ),
        contextual=("peripheral blood", "venous blood", "sangue periferico"),
    ),
    Term(
        "menstrual blood",
        "Menstrual blood",
        synonyms=("MenSC", "menstrual blood stem cell"),
        contextual=("menstrual blood", "menstrual"),
    ),
    Term(
        "dental pulp",
        "Dental pulp",
        synonyms=(
            "DPSC", "dental pulp stem cell", "exfoliated deciduous teeth",
            "stem cells from human exfoliated deciduous teeth",
        ),
        contextual=("dental pulp", "tooth", "teeth"),
    ),
    Term(
        "skin",
        "Skin",
        synonyms=("dermal fibroblast", "skin-derived"),
        contextual=("skin", "dermis", "dermal", "epidermis", "epidermal"),
    ),
    Term("cartilage", "Cartilage", contextual=("cartilage", "articular cartilage")),
    Term(
        "skeletal muscle",
        "Skeletal muscle",
        synonyms=("muscle-derived", "AMDC"),
        contextual=("skeletal muscle", "muscle"),
    ),
    Term("liver", "Liver", synonyms=("HepaStem",), contextual=("liver", "hepatic", "fetal liver")),
    Term("endometrium", "Endometrium", contextual=("endometrium", "endometrial")),
    Term(
        "limbus",
        "Limbus",
        synonyms=("CALEC", "CLET", "Holoclar"),
        contextual=("limbus", "limbal", "corneal limbus"),
    ),
)

# Donor: a trial's single value. "both" is never matched directly; the classifier reports it
# when the trial gives each kind (arms or interventions of each, or a title naming both).
DONORS: tuple[Term, ...] = (
    Term(
        "autologous",
        "Autologous",
        synonyms=(
            "autologous", "autologously", "autogenous", "autologic", "patient's own",
            "patients' own", "own cell", "own stem cell", "own bone marrow", "own blood",
            "own fat", "own adipose tissue", "own tissue", "own platelet", "own chondrocyte",
            "patient-derived", "self-derived", "from the same patient", "autologo", "autologa",
            "autologhi", "autologhe", "autologue", "autólogo", "autóloga",
        ),
    ),
    Term(
        "allogeneic",
        "Allogeneic",
        synonyms=(
            "allogeneic", "allogenic", "allogenous", "allogeneically", "allo-MSC", "allo-HSCT",
            "allo-SCT", "allo-cell", "pooled donor", "selected donor", "healthy donor",
            "donor-derived", "from donors", "donor cell", "donor stem cell", "unrelated donor",
            "third-party", "off-the-shelf", "from another person", "allogenico", "allogenica",
            "allogenici", "allogeniche", "allogénique", "alogénico", "alogénica",
        ),
    ),
    Term("both", "Autologous and allogeneic"),
)

# Routes. Contextual wordings are generic ("infusion"): they count only when the same texts
# name no specific route, so "intracoronary infusion" stays intracoronary.
ROUTES: tuple[Term, ...] = (
    Term(
        "intravenous",
        "Intravenous",
        synonyms=(
            "intravenous", "intravenously", "intra-venous", "IV", "i.v.", "IV infusion",
            "IV injection", "endovenous", "endovenously", "endovenosa", "endovenoso",
            "intravenosa", "peripheral vein",
        ),
        contextual=("infusion", "infused", "infusione"),
    ),
    Term(
        "intra-arterial",
        "Intra-arterial",
        synonyms=(
            "intra-arterial", "intra-arterially", "intraarterial", "transarterial",
            "arterial infusion", "via the hepatic artery", "into the hepatic artery",
            "via the femoral artery", "into the femoral artery", "via the carotid artery",
        ),
    ),
    Term("intracoronary", "Intracoronary", synonyms=("intracoronary", "intra-coronary")),
    Term(
        "intramyocardial",
        "Intramyocardial",
        synonyms=(
            "intramyocardial", "intramyocardially", "intra-myocardial", "transendocardial",
            "trans-endocardial", "endomyocardial", "myocardial injection",
            "epicardial injection",
        ),
    ),
    Term(
        "intramuscular",
        "Intramuscular",
        synonyms=(
            "intramuscular", "intramuscularly", "intra-muscular", "IM", "i.m.",
            "IM injection", "into the muscle", "intramuscolare", "intramuscolo",
        ),
    ),
    Term(
        "intraosseous",
        "Intraosseous",
        synonyms=(
            "intraosseous", "intra-osseous", "intraosseously", "into the bone",
            "core decompression", "subchondral injection", "intraosseo", "intraossea",
        ),
    ),
    Term(
        "intra-articular",
        "Intra-articular",
        synonyms=(
            "intra-articular", "intra-articularly", "intraarticular", "into the joint",
            "into the knee", "into the knee joint", "joint injection", "intra-articolare",
            "intrarticolare", "intra-articulaire",
        ),
    ),
    Term(
        "intradiscal",
        "Intradiscal",
        synonyms=("intradiscal", "intra-discal", "intradiscally", "into the disc",
                  "into the intervertebral disc"),
    ),
    Term(
        "intrathecal",
        "Intrathecal",
        synonyms=("intrathecal", "intrathecally", "intra-thecal", "intratecale"),
    ),
    Term(
        "intracerebral",
        "Intracerebral / intraparenchymal",
        synonyms=(
            "intracerebral", "intracerebrally", "intraparenchymal", "intra-parenchymal",
            "intrastriatal", "intraputaminal", "stereotactic", "stereotactically",
            "into the brain", "intracranial injection", "intracranial implantation",
        ),
    ),
    Term(
        "intramedullary",
        "Intramedullary (spinal cord)",
        synonyms=("intramedullary", "intra-medullary", "intraspinal", "into the spinal cord"),
    ),
    Term(
        "intratracheal",
        "Intratracheal",
        synonyms=(
            "intratracheal", "intratracheally", "intra-tracheal", "intratracheal instillation",
            "endotracheal", "intrabronchial", "bronchoscopic instillation",
        ),
    ),
    Term(
        "inhalation",
        "Inhalation",
        synonyms=(
            "inhalation", "inhaled", "nebulized", "nebulised", "nebulization", "nebulisation",
            "nebulizer", "nebuliser", "aerosolized", "aerosolised", "aerosol inhalation",
        ),
    ),
    Term(
        "intranasal",
        "Intranasal",
        synonyms=(
            "intranasal", "intranasally", "intra-nasal", "nasal drop", "nasal spray",
            "nose drop", "nasal administration",
        ),
    ),
    Term(
        "subcutaneous",
        "Subcutaneous",
        synonyms=("subcutaneous", "subcutaneously", "sub-cutaneous", "s.c.", "sottocutanea"),
    ),
    Term(
        "intradermal",
        "Intradermal",
        synonyms=("intradermal", "intradermally", "intra-dermal", "intracutaneous"),
    ),
    Term(
        "intralesional",
        "Intralesional / local injection",
        synonyms=(
            "intralesional", "intra-lesional", "intralesionally", "perilesional",
            "local injection", "locally injected", "injected locally", "into the lesion",
            "intrafistular", "into the fistula", "intra-wound", "perianal injection",
        ),
    ),
    Term(
        "topical",
        "Topical / graft",
        synonyms=(
            "topical", "topically", "applied to the wound", "applied on the wound",
            "applied to the ulcer", "applied on the ulcer", "skin graft", "skin grafting",
            "wound dressing", "eye drop", "spray-on", "topica",
        ),
    ),
    Term("subretinal", "Subretinal", synonyms=("subretinal", "sub-retinal", "subretinally")),
    Term(
        "intravitreal",
        "Intravitreal",
        synonyms=("intravitreal", "intra-vitreal", "intravitreally", "intravitreale"),
    ),
    Term(
        "intraperitoneal",
        "Intraperitoneal",
        synonyms=("intraperitoneal", "intraperitoneally", "intra-peritoneal", "i.p."),
    ),
    Term(
        "intratesticular",
        "Intratesticular",
        synonyms=("intratesticular", "intra-testicular", "into the testis", "into the testes"),
    ),
    Term(
        "intraovarian",
        "Intraovarian",
        synonyms=("intraovarian", "intra-ovarian", "into the ovary", "into the ovaries"),
    ),
    Term(
        "intra-oviductal",
        "Intra-oviductal",
        synonyms=("intra-oviductal", "intraoviductal", "into the fallopian tube"),
    ),
    Term(
        "surgical implantation",
        "Surgical implantation",
        synonyms=(
            "surgical implantation", "surgically implanted", "implanted surgically",
            "surgical implant", "implanted during surgery", "implanted at surgery",
        ),
    ),
)

# Every facet by the name of its ``Classification`` field.
VOCABULARIES: dict[str, tuple[Term, ...]] = {
    "product_types": PRODUCT_TYPES,
    "cell_types": CELL_TYPES,
    "source_tissues": SOURCE_TISSUES,
    "donor": DONORS,
    "routes": ROUTES,
}

# ---------------------------------------------------------------------------------------------
# Context words. Written like the wordings above (whole words, normalised the same way).

# Phrases that contain a term's wording but mean something else. They are skipped in every
# facet: "fibroblast growth factor" is a drug, "intracerebral hemorrhage" a condition.
FALSE_FRIENDS: tuple[str, ...] = (
    "extracellular matrix", "matrix metalloproteinase", "fibroblast growth factor",
    "keratinocyte growth factor", "hepatocyte growth factor", "fibroblast activation protein",
    "hepatocyte nuclear factor", "stem cell factor", "stem cell mobilization",
    "stem cell mobilisation", "limbal stem cell deficiency", "cancer stem cell",
    "tumor stem cell", "tumour stem cell", "leukemic stem cell", "leukaemic stem cell",
    "intracerebral hemorrhage", "intracerebral haemorrhage", "intracerebral hematoma",
    "intracerebral haematoma", "intracranial pressure", "intracranial hemorrhage",
    "intracranial haemorrhage", "intramedullary nail", "intramedullary nailing",
    "intramedullary rod", "intramedullary fixation", "intramedullary tumor",
    "intramedullary tumour", "intra-articular fracture", "intraarticular fracture",
    "subcutaneous fat", "subcutaneous adipose", "subcutaneous tissue", "inhalation injury",
    "smoke inhalation", "intravenous drug use", "intravenous drug user",
    "intravenous drug abuse", "white blood cell", "red blood cell", "cell-free DNA",
    "engineered antibody", "carrier protein", "hepatitis B carrier", "tumor lysate",
    "tumour lysate", "ASC-US", "ASC-H",
)

# Words just before a match (at most two words in between, no punctuation) that negate it:
# "without MSCs", "non-autologous", "history of allogeneic HSCT", "unlike autologous cells".
NEGATIONS: tuple[str, ...] = (
    "no", "not", "non", "without", "nor", "never", "history of", "unlike", "instead of",
    "rather than", "as opposed to",
)

# Words after which a Roman numeral that looks like a route ("IV") is a number: "stage IV".
NUMBERING_WORDS: tuple[str, ...] = (
    "stage", "grade", "class", "type", "phase", "level", "group", "part", "cohort", "category",
    "classification", "degree", "score", "step", "tier", "arm", "day", "week", "visit",
    "table", "figure", "section", "appendix", "factor", "nyha", "gold", "kellgren", "lawrence",
    "kl", "icrs", "outerbridge", "asa", "fontaine", "rutherford", "child", "tanner", "enneking",
    "ficat", "arco", "steinberg", "wagner", "campanacci", "pfirrmann",
)

# A contextual source tissue counts when followed by one of these words ("bone marrow-derived",
# "adipose MSCs", "skin fibroblasts") ...
SOURCE_AFTER: tuple[str, ...] = (
    "derived", "origin", "mesenchymal", "stromal", "stem", "mononuclear", "progenitor",
    "precursor", "cell", "MSC", "ASC", "MNC", "aspirate", "concentrate", "harvest",
    "expanded", "fibroblast", "keratinocyte", "epithelial", "myoblast", "endothelial",
    "nucleated", "cellule", "cellular",
)
# ... or preceded by a source word, a link and only qualifiers: "cells isolated from the
# patient's own bone marrow", "cellule mesenchimali allogeniche del midollo osseo".
SOURCE_BEFORE: tuple[str, ...] = (
    "derived", "isolated", "obtained", "harvested", "extracted", "collected", "aspirated",
    "sourced", "prepared", "expanded", "originating", "cultured", "manufactured", "generated",
    "produced", "taken", "cell", "MSC", "cellule", "mesenchimali", "staminali", "stromali",
)
SOURCE_LINKS: tuple[str, ...] = (
    "from", "del", "dal", "della", "dalla", "dello", "dallo", "di", "da", "de", "du", "des",
)
SOURCE_QUALIFIERS: tuple[str, ...] = (
    "the", "a", "an", "their", "his", "her", "patient's", "patients'", "own", "autologous",
    "allogeneic", "allogenic", "human", "healthy", "donor", "adult", "fetal", "foetal",
    "neonatal", "newborn", "term", "same", "iliac", "crest", "posterior", "anterior",
    "abdominal", "subcutaneous", "il", "lo", "la", "le", "i", "gli",
)

# A cell type directly followed by one of these words ("MSC-derived exosomes", "MSC
# secretome"), or named after "<word> ... from/of/by" ("exosomes derived from UC-MSCs"), is the
# source of a derivative, not a cell therapy.
DERIVATIVE_WORDS: tuple[str, ...] = (
    "extracellular vesicle", "vesicle", "EV", "sEV", "exosome", "exosomal", "exo",
    "microvesicle", "nanovesicle", "secretome", "conditioned medium", "conditioned media",
    "CM", "lysate", "supernatant", "secreted factor", "paracrine factor",
)

# A cell type named after one of these words and "into/to/towards" is what other cells become,
# not what is given: "MSCs can differentiate into osteoblasts, chondrocytes and adipocytes".
DIFFERENTIATION_WORDS: tuple[str, ...] = (
    "differentiate", "differentiated", "differentiating", "differentiation",
    "transdifferentiate", "transdifferentiation", "become", "turn", "convert", "converted",
    "mature", "develop",
)

# Vesicles, secretome or lysate named after these words and "in/with/using", or followed by
# one of them, are a culture supplement, not the product: "MSCs expanded in human platelet
# lysate", "platelet lysate-expanded MSCs".
CULTURE_WORDS: tuple[str, ...] = (
    "cultured", "cultivated", "expanded", "grown", "propagated", "supplemented",
    "manufactured",
)

# fmt: on
