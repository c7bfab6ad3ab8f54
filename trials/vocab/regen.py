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
            "dopaminergic progenitor", "dopaminergic neuron transplantation", "terapia cellulare",
            "cellule staminali", "cell sheet", "stem cell sheet", "cell transfer",
            "adoptive cell", "adoptive transfer", "cell-based product", "cell preparation",
            "cell concentrate", "nucleated cell", "cell-based gene therapy", "células madre",
            "terapia celular", "cellules souches", "thérapie cellulaire", "Stammzelle",
            "Stammzellen", "Zelltherapie",
            # Chinese and Japanese: stem cell, cell therapy, cell transplantation, cells
            "干细胞", "幹細胞", "细胞治疗", "細胞治療", "细胞移植", "細胞移植", "细胞注射",
            "細胞注射", "细胞制剂", "細胞製剤", "細胞シート", "细胞膜片",
        ),
    ),
    Term(
        "extracellular_vesicles",
        "Extracellular vesicles",
        synonyms=(
            "extracellular vesicle", "EVs", "sEV", "exosome", "exosomal", "exosome-like",
            "microvesicle", "nanovesicle", "secretome vesicle", "MSC-EV", "MSC-Exo",
            "MSC-Exosome", "vescicole extracellulari", "esosomi", "exosome-based", "Exo",
            "MSC-sEV", "ExoFlo",
            "small extracellular vesicle", "apoptotic vesicle", "apoptotic body",
            "外泌体", "细胞外囊泡", "細胞外小胞", "エクソソーム",
        ),
    ),
    Term(
        "gene_modified_cells",
        "Gene-modified cells",
        synonyms=(
            "CAR-T", "CAR T cell", "CAR-T cell", "CART cell", "CAR-NK", "CAR NK cell",
            "CAR-modified", "CAR-engineered", "chimeric antigen receptor", "gene-corrected cell",
            "gene-modified cell", "genetically modified cell", "genetically engineered cell",
            "gene-edited cell", "gene-modified autologous", "ex vivo gene therapy",
            "lentiviral vector-transduced", "lentivirally transduced", "retrovirally transduced",
            "TCR-T", "TCR-engineered", "UCART", "CAR-Treg", "SB623", "vandefitemcel",
            "tisagenlecleucel", "Kymriah",
            "Yescarta", "Breyanzi", "Abecma", "Carvykti", "Tecartus", "Aucatzyl", "Casgevy",
            "exa-cel", "Zynteglo", "beti-cel", "Lyfgenia", "lovo-cel", "Skysona", "eli-cel",
            "Libmeldy", "Lenmeldy", "OTL-200", "OTL-103", "Descartes-08", "KYV-101", "CABA-201",
        ),
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
            "denovoSkin", "NOVOCART 3D", "ingegneria tissutale", "epithelial sheet",
            "epithelial cell sheet", "tissue-engineered graft", "engineered cartilage",
            "cartilage construct", "osteochondral construct", "iPSC-derived cartilage",
            "iPS cell-derived cartilage", "cell-laden", "CAOMECS", "細胞シート", "细胞膜片",
            "组织工程",
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
            "cell-free derivative", "cell extract", "条件培养基",
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
            "dHACM", "platelet-rich growth factor", "plasma rich in growth factors", "PRGF",
            "platelet gel", "platelet concentrate", "leukocyte-rich PRP", "leukocyte-poor PRP",
            "autologous serum", "amniotic suspension allograft", "amniotic fluid injection",
            "富血小板血漿", "富血小板血浆", "多血小板血漿", "PRP療法", "PFC-FD",
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
            "células madre mesenquimales", "células mesenquimales", "mesenchymale Stammzellen",
            "MSPC", "Stro-1", "Stro-3", "Stro3", "STRO-3+", "immunoselected mesenchymal",
            "decidual stromal cell", "placenta-derived stromal cell", "placental stromal cell",
            "AT-MSC", "DP-MSC", "OM-MSC", "ELIXCYTE", "CYP-004", "Cymerus", "MultiStem",
            "iPSC-MSC", "UMSC", "mesenchimal stem cell", "mesenchimal stromal cell",
            "MAPC", "multipotent adult progenitor cell", "PLX-PAD", "PLX-R18", "Lomecel-B",
            "lomecel", "ProTrans", "JointStem", "Cellgram", "ixmyelocel-T", "MPC-06-ID",
            "CYP-001", "Stemedica", "itMSC", "SB623", "vandefitemcel", "Akuugo", "アクーゴ",
            "ステミラック", "テムセル",
            # Chinese and Japanese: mesenchymal stem cells, stromal cells
            "间充质干细胞", "間充質幹細胞", "间充质基质细胞", "間葉系幹細胞", "間葉系間質細胞",
            "間葉系細胞", "间充质细胞", "脂肪由来幹細胞", "脂肪幹細胞", "脂肪干细胞",
            "脂肪来源干细胞", "歯髄幹細胞", "牙髓干细胞", "经血干细胞", "宫血干细胞",
            "月经血干细胞", "臍帯由来幹細胞", "脐带干细胞", "間葉系前駆細胞", "间充质前体细胞",
            "歯髄由来幹細胞", "间充质祖细胞",
        ),
    ),
    Term(
        "regulatory T cells",
        "Regulatory T cells (Treg)",
        synonyms=(
            "regulatory T cell", "regulatory T lymphocyte", "regulatory T-cell",
            "T regulatory cell", "T-reg", "Treg", "Treg cell", "iTreg", "nTreg", "Tr1 cell",
            "CD4+CD25+ T cell", "CD4+CD25+", "CD4+CD25+FOXP3+", "CD4+CD25highCD127low",
            "linfociti T regolatori", "polyclonal Treg", "antigen-specific Treg", "CAR-Treg",
            "FOXP3+ T cell", "suppressor T cell", "调节性T细胞", "制御性T細胞",
        ),
    ),
    Term(
        "chondrocytes",
        "Chondrocytes",
        synonyms=(
            "chondrocyte", "autologous chondrocyte implantation", "chondrocyte implantation",
            "ACI", "MACI", "matrix-induced autologous chondrocyte", "chondrosphere", "Spherox",
            "ChondroCelect", "NOVOCART", "NeoCart", "condrociti", "chondrocyte transplantation",
            "autologous chondrocyte transplantation", "MACT",
            "characterized chondrocyte implantation", "juvenile chondrocyte", "DeNovo NT",
            "CartiLife", "chondron", "软骨细胞", "軟骨細胞", "培養軟骨", "自家培養軟骨",
        ),
    ),
    Term(
        "bone marrow mononuclear cells",
        "Bone marrow mononuclear cells",
        synonyms=(
            "bone marrow mononuclear cell", "bone marrow-derived mononuclear cell",
            "mononuclear bone marrow cell", "marrow mononuclear cell", "BMMNC", "BM-MNC",
            "BMNC", "bone marrow concentrate", "bone marrow aspirate concentrate", "BMAC",
            "bone marrow aspirate", "bone marrow cell", "bone marrow-derived cell",
            "bone marrow derived mononuclear", "BMMC", "BM-MC", "BMC concentrate",
            "concentrated bone marrow", "concentrated bone marrow aspirate",
            "bone marrow implantation", "bone marrow injection", "bone marrow grafting",
            "bone marrow nucleated cell", "marrow-derived cell", "ALD-401", "骨髓单个核细胞",
            "bone marrow derived autologous cell", "bone marrow-derived autologous cell",
            "骨髄単核球", "骨髄細胞",
        ),
    ),
    Term(
        "hematopoietic stem and progenitor cells",
        "Hematopoietic stem and progenitor cells",
        synonyms=(
            "hematopoietic stem cell", "haematopoietic stem cell", "hematopoietic progenitor",
            "haematopoietic progenitor", "hematopoietic stem and progenitor cell", "HSPC",
            "CD34+ cell", "CD34+", "CD34-positive cell", "CD34 cell", "CD133+ cell",
            "CD133+", "CD133-positive cell", "CD133 cell", "peripheral blood stem cell", "PBSC",
            "HSC", "hematopoietic progenitor cell", "haematopoietic progenitor cell",
            "CD34+ selected", "CD34-selected", "CD34 selected", "CD34+ stem cell",
            "CD34-enriched", "CD133-enriched", "CD34 positive",
            "blood stem cell", "造血干细胞", "造血幹細胞", "Casgevy", "exa-cel", "Zynteglo",
            "beti-cel", "Lyfgenia", "lovo-cel", "Skysona", "eli-cel", "Libmeldy", "Lenmeldy",
            "OTL-200", "OTL-103", "CD34陽性細胞", "CD34阳性细胞",
        ),
        # Transplants that are haematopoietic in a blood disease or after conditioning, and
        # loose wording for other cells elsewhere ("stem cell transplantation" of MSCs):
        # counted only in a haematopoietic context and when no other cell type is named.
        contextual=(
            "HSCT", "allo-HSCT", "auto-HSCT", "stem cell transplantation", "stem cell transplant",
            "SCT", "allo-SCT", "auto-SCT", "ASCT", "stem cell rescue", "stem cell support",
            "bone marrow transplantation", "bone marrow transplant", "BMT", "HCT",
            "stem cell graft", "hematopoietic stem cell transplantation",
            "haematopoietic stem cell transplantation", "hematopoietic stem cell transplant",
            "haematopoietic stem cell transplant", "hematopoietic cell transplantation",
            "haematopoietic cell transplantation", "hematopoietic progenitor cell transplantation",
            "HSC transplantation", "peripheral blood stem cell transplantation", "PBSCT",
            "干细胞移植", "幹細胞移植", "造血干细胞移植", "造血幹細胞移植",
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
        "dedifferentiated fat cells",
        "Dedifferentiated fat (DFAT) cells",
        synonyms=("dedifferentiated fat cell", "DFAT cell", "DFAT", "脱分化脂肪"),
    ),
    Term(
        "neural stem cells",
        "Neural stem/progenitor cells",
        synonyms=(
            "neural stem cell", "neural progenitor cell", "neural precursor cell",
            "neural stem/progenitor cell", "neuronal stem cell", "CNS stem cell", "NSC",
            "hNSC", "NS/PC", "NSPC", "hNSPC", "neural progenitor", "neural precursor",
            "neural stem", "neuronal progenitor cell", "neuronal precursor cell",
            "central nervous system stem cell", "HuCNS-SC", "NSI-566", "CTX0E03", "CTX cell",
            "glial progenitor cell", "glial restricted progenitor", "oligodendrocyte progenitor",
            "oligodendrocyte precursor", "OPC1", "神经干细胞", "神経幹細胞", "神経前駆細胞",
            "神经前体细胞", "神経系前駆細胞",
        ),
    ),
    Term(
        "induced pluripotent stem cell-derived cells",
        "iPSC-derived cells",
        synonyms=(
            "induced pluripotent stem cell", "induced pluripotent", "iPSC", "hiPSC", "iPS cell",
            "iPS-derived", "iPSC-derived", "iPS", "hiPS", "hiPS cell", "iPSC-CM",
            "iPSC-MSC", "CYP-004", "iPS细胞", "iPS細胞", "诱导多能干细胞", "人工多能性幹細胞",
        ),
    ),
    Term(
        "embryonic stem cell-derived cells",
        "Embryonic stem cell-derived cells",
        synonyms=(
            "embryonic stem cell", "human embryonic stem", "hESC", "ES cell", "ESC-derived",
            "ES cell-derived", "hES cell", "hESC-derived", "hES-derived", "embryonic stem",
            "bemdaneprocel", "OpRegen", "MA09-hRPE", "VC-01", "ES細胞", "ES细胞",
            "胚胎干细胞", "胚性幹細胞",
        ),
    ),
    Term(
        "endothelial progenitor cells",
        "Endothelial progenitor cells",
        synonyms=(
            "endothelial progenitor cell", "endothelial precursor cell", "EPC",
            "endothelial colony-forming cell", "ECFC", "endothelial progenitor",
            "outgrowth endothelial cell", "CD34+ endothelial progenitor", "内皮祖细胞",
        ),
    ),
    Term(
        "keratinocytes and fibroblasts",
        "Keratinocytes and fibroblasts",
        synonyms=(
            "keratinocyte", "fibroblast", "dermo-epidermal substitute", "epidermal substitute",
            "cultured epidermal autograft", "epidermal sheet", "Epicel", "StrataGraft",
            "Apligraf", "Dermagraft", "denovoSkin", "cheratinociti", "fibroblasti",
            "skin cell suspension", "epidermal cell suspension", "ReCell",
            "melanocyte-keratinocyte", "epidermal graft", "cultured epidermis",
            "cultured epithelial autograft", "keratinocyte sheet", "dermal fibroblast",
            "gingival fibroblast", "角质形成细胞", "成纤维细胞", "線維芽細胞", "表皮細胞",
            "培養表皮", "自家培養表皮", "JACE",
        ),
    ),
    Term(
        "skeletal muscle-derived cells",
        "Skeletal muscle-derived cells",
        synonyms=(
            "myoblast", "skeletal myoblast", "muscle-derived cell", "muscle-derived stem cell",
            "muscle precursor cell", "muscle progenitor cell", "satellite cell", "AMDC",
            "myogenic cell", "muscle stem cell", "mesoangioblast", "myoblast transplantation",
            "iltamiocel", "成肌细胞", "筋芽細胞", "HeartSheet", "ハートシート", "myoblast sheet",
        ),
    ),
    Term(
        "osteoblastic cells",
        "Osteoblastic cells",
        synonyms=(
            "osteoblast", "osteoblastic cell", "osteoprogenitor", "osteoprogenitor cell",
            "bone-forming cell", "PREOB", "ALLOB", "成骨细胞", "骨芽細胞",
        ),
    ),
    Term(
        "hepatic progenitor cells",
        "Hepatic progenitor cells",
        synonyms=(
            "hepatic progenitor cell", "liver progenitor cell", "hepatic stem cell",
            "liver stem cell", "hepatocyte", "hepatocyte transplantation", "HepaStem",
            "HALPC", "heterologous human adult liver progenitor", "liver-derived progenitor",
            "hepatocyte-like cell", "肝细胞移植", "肝細胞移植",
        ),
    ),
    Term(
        "limbal stem cells",
        "Limbal stem cells",
        synonyms=(
            "limbal stem cell", "limbal epithelial stem cell", "limbal epithelial cell",
            "cultivated limbal epithelial", "LSC", "CALEC", "CLET", "Holoclar",
            "limbal stem", "limbal epithelial", "limbal cell", "limbal autograft",
            "limbal allograft", "SLET", "simple limbal epithelial transplantation", "CLAU",
            "KLAL", "LSCT", "corneal epithelial stem cell", "角膜缘干细胞", "角膜輪部", "Nepic",
            "ネピック", "角膜上皮細胞シート",
        ),
    ),
    Term(
        "corneal endothelial cells",
        "Corneal endothelial cells",
        synonyms=(
            "corneal endothelial cell", "cultured corneal endothelial cell",
            "corneal endothelial cell injection", "corneal endothelial cell therapy",
            "neltependocel", "Vyznova", "角膜内皮細胞", "角膜内皮细胞",
        ),
    ),
    Term(
        "umbilical cord blood cells",
        "Umbilical cord blood cells",
        synonyms=(
            "umbilical cord blood cell", "cord blood cell", "umbilical cord blood-derived cell",
            "cord blood-derived cell", "umbilical cord blood mononuclear cell",
            "cord blood mononuclear cell", "UCB-MNC", "UCBMNC", "CB-MNC", "UCB cell",
            "hUCB cell", "cord blood nucleated cell", "cord blood unit", "cord blood infusion",
            "cord blood transplantation", "cord blood transplant", "cord blood stem cell",
            "umbilical cord blood stem cell", "umbilical cord blood infusion",
            "umbilical cord blood transplantation", "umbilical cord blood transfusion",
            "cord blood transfusion", "DUOC-01", "omidubicel", "脐血", "脐带血",
            "臍帯血",
        ),
    ),
    Term(
        "oral mucosal epithelial cells",
        "Oral mucosal epithelial cells",
        synonyms=(
            "oral mucosal epithelial cell", "oral mucosal epithelial stem cell",
            "oral mucosal epithelial cell sheet", "oral mucosal epithelial sheet",
            "oral mucosal epithelium", "oral mucosa epithelial cell", "oral epithelial cell",
            "oral epithelial cell sheet", "buccal mucosal epithelial cell",
            "buccal epithelial cell", "cultivated oral mucosal epithelial",
            "cultivated autologous oral mucosal epithelial", "CAOMECS", "Ocural",
            "Sakracy", "サクラシー", "口腔黏膜上皮细胞", "口腔粘膜上皮細胞",
        ),
    ),
    Term(
        "amniotic epithelial cells",
        "Amniotic epithelial cells",
        synonyms=(
            "amniotic epithelial cell", "human amniotic epithelial cell", "hAEC",
            "amniotic epithelial stem cell", "amnion epithelial cell", "amniotic cell",
            "amnion-derived cell", "羊膜上皮细胞", "羊膜上皮細胞",
        ),
    ),
    Term(
        "very small embryonic-like stem cells",
        "Very small embryonic-like stem cells (VSEL)",
        synonyms=(
            "very small embryonic-like stem cell", "very small embryonic-like cell",
            "very small embryonic like", "VSEL", "VSELs",
        ),
    ),
    Term(
        "CAR-T cells",
        "CAR-T cells",
        synonyms=(
            "CAR-T", "CAR T cell", "CAR-T cell", "CART cell", "CAR-T cell therapy",
            "chimeric antigen receptor T cell", "chimeric antigen receptor T-cell",
            "chimeric antigen receptor-modified T cell", "chimeric antigen receptor T",
            "CD19 CAR-T", "CD19-CAR T", "CAR-CD19", "UCART", "CAR-modified T cell",
            "CAR-engineered T cell", "CAR-T细胞", "tisagenlecleucel", "Kymriah", "Yescarta",
            "Breyanzi", "Abecma", "Carvykti", "Tecartus", "Aucatzyl", "Descartes-08",
            "KYV-101", "CABA-201", "anti-CD19 CAR", "CD19 CAR", "BCMA CAR",
            "CAR-T細胞",
        ),
    ),
    Term(
        "natural killer cells",
        "Natural killer (NK) cells",
        synonyms=(
            "natural killer cell", "NK cell", "CAR-NK", "CAR NK cell", "NK-92", "NK cell therapy",
            "cytokine-induced killer cell", "CIK cell", "自然杀伤细胞", "NK細胞", "NK细胞",
        ),
    ),
    Term(
        "dopaminergic progenitor cells",
        "Dopaminergic neurons and progenitors",
        synonyms=(
            "dopaminergic progenitor", "dopaminergic progenitor cell", "dopamine progenitor",
            "dopaminergic neuron progenitor", "dopaminergic precursor",
            "dopaminergic neuron transplantation", "dopaminergic neuron graft",
            "dopamine neuron transplantation", "dopamine-producing cell transplantation",
            "midbrain dopaminergic progenitor", "mDA progenitor", "DA progenitor", "A9-DPC",
            "bemdaneprocel", "ventral mesencephalic tissue", "fetal ventral mesencephalic",
            "ドパミン神経前駆細胞", "多巴胺能神经元",
        ),
    ),
    Term(
        "retinal pigment epithelial cells",
        "Retinal pigment epithelial cells",
        synonyms=(
            "retinal pigment epithelium cell", "retinal pigment epithelial cell", "RPE cell",
            "RPE patch", "RPE sheet", "RPE monolayer", "RPE transplantation", "hRPE",
            "OpRegen", "MA09-hRPE", "CPCB-RPE1", "视网膜色素上皮",
            "網膜色素上皮",
        ),
    ),
    Term(
        "pancreatic islet cells",
        "Pancreatic islets and beta cells",
        synonyms=(
            "islet cell", "pancreatic islet", "islet transplantation", "islet transplant",
            "islet allotransplantation", "islet autotransplantation", "islet infusion",
            "beta cell replacement", "stem cell-derived islet", "stem cell-derived beta cell",
            "insulin-producing cell", "VX-880", "zimislecel", "VX-264", "Lantidra",
            "donislecel", "胰岛细胞", "膵島",
        ),
    ),
    Term(
        "cardiac stem and progenitor cells",
        "Cardiac stem/progenitor cells and cardiomyocytes",
        synonyms=(
            "cardiosphere-derived cell", "cardiosphere", "CAP-1002", "cardiac stem cell",
            "cardiac progenitor cell", "cardiac precursor cell", "c-kit+ cardiac",
            "cardiopoietic cell", "cardiopoietic stem cell", "C3BS-CQR-1", "cardiomyocyte",
            "cardiomyocyte sheet", "iPSC-CM", "heart muscle cell",
            "心肌细胞", "心筋細胞",
        ),
    ),
    Term(
        "Schwann cells and olfactory ensheathing cells",
        "Schwann cells and olfactory ensheathing cells",
        synonyms=(
            "Schwann cell", "olfactory ensheathing cell", "olfactory ensheathing glia", "OEC",
            "olfactory ensheathing", "雪旺细胞", "嗅鞘细胞",
        ),
    ),
    Term(
        "peripheral blood mononuclear cells",
        "Peripheral blood mononuclear cells",
        synonyms=(
            "peripheral blood mononuclear cell", "PBMC", "PB-MNC", "PBMNC",
            "peripheral blood-derived mononuclear cell", "外周血单个核细胞", "末梢血単核球",
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
            "lenzumestrocel", "Neuronata-R", "bone marrow-derived", "marrow-derived",
            "bone marrow implantation", "bone marrow injection",
            "bone marrow grafting", "concentrated bone marrow", "BMMC", "ALD-401", "Stro-3",
            "Stro3", "STRO-3+", "immunoselected mesenchymal", "骨髓来源", "骨髄由来",
        ),
        contextual=(
            "bone marrow", "marrow", "midollo osseo", "moelle osseuse", "médula ósea", "骨髓",
            "骨髄", "Knochenmark",
        ),
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
            "tessuto adiposo", "AT-MSC", "ELIXCYTE", "microfragmented fat", "Lipogems", "nanofat",
            "脂肪来源", "脂肪由来", "脂肪间充质", "脂肪干细胞", "脂肪幹細胞", "脂肪組織",
            "脂肪组织", "tejido adiposo", "tissu adipeux", "Fettgewebe", "dedifferentiated fat",
            "DFAT", "脱分化脂肪", "皮下脂肪組織", "adipocyte-derived",
        ),
        contextual=(
            "adipose tissue", "adipose", "fat", "fat tissue", "abdominal fat", "lipoaspirated",
            "脂肪",
        ),
    ),
    Term(
        "umbilical cord",
        "Umbilical cord",
        synonyms=(
            "umbilical cord", "Wharton's jelly", "Wharton jelly", "WJ-MSC", "WJMSC", "UC-MSC",
            "hUC-MSC", "UCMSC", "hUCMSC", "cord tissue", "cordone ombelicale",
            "cordon ombilical", "cordón umbilical", "umbilical cords", "cord-derived", "UMSC",
            "cord MSC", "UC-derived", "Wharton's jelly-derived", "Nabelschnur", "脐带",
            "臍帯",
        ),
    ),
    Term(
        "umbilical cord blood",
        "Umbilical cord blood",
        synonyms=(
            "umbilical cord blood", "cord blood", "UCB", "hUCB", "UCB-MSC", "Cartistem",
            "sangue cordonale", "sangue del cordone ombelicale", "UCB-MNC", "UCBMNC", "CB-MNC",
            "DUOC-01", "omidubicel", "sangre de cordón umbilical", "脐血", "脐带血", "臍帯血",
        ),
    ),
    Term(
        "placenta",
        "Placenta",
        synonyms=(
            "placenta-derived", "placental-derived", "PLX-PAD", "placental expanded", "PLX-R18",
            "decidual stromal cell", "placenta-derived stromal cell", "placental stromal cell",
            "胎盘", "胎盤",
        ),
        contextual=("placenta", "placental", "decidua", "chorion", "chorionic"),
    ),
    Term(
        "amniotic membrane",
        "Amniotic membrane",
        synonyms=(
            "amniotic membrane", "amnion", "amnion-derived", "amniotic epithelial cell", "hAEC",
            "AM-MSC", "membrana amniotica", "amniotic", "amniotic-derived", "amnion/chorion",
            "amniotic suspension allograft", "dHACM", "羊膜",
        ),
    ),
    Term(
        "amniotic fluid",
        "Amniotic fluid",
        synonyms=("AF-MSC", "AFSC", "amniotic fluid stem cell", "amniotic fluid", "羊水"),
    ),
    Term(
        "olfactory mucosa",
        "Olfactory mucosa",
        synonyms=("OM-MSC", "olfactory ensheathing cell", "olfactory ensheathing glia"),
        contextual=("olfactory mucosa", "olfactory mucosal", "olfactory epithelium"),
    ),
    Term(
        "peripheral blood",
        "Peripheral blood",
        synonyms=(
            "PBMC", "PB-MNC", "PBMNC", "PBSC", "PB-MSC", "peripheral blood stem cell",
            "leukapheresis", "apheresis", "peripheral blood mononuclear cell",
            "mobilized peripheral blood", "mobilised peripheral blood", "外周血", "末梢血",
        ),
        contextual=("peripheral blood", "venous blood", "sangue periferico"),
    ),
    Term(
        "menstrual blood",
        "Menstrual blood",
        synonyms=("MenSC", "menstrual blood stem cell", "经血", "宫血", "月经血"),
        contextual=("menstrual blood", "menstrual"),
    ),
    Term(
        "dental pulp",
        "Dental pulp",
        synonyms=(
            "DPSC", "dental pulp stem cell", "exfoliated deciduous teeth",
            "stem cells from human exfoliated deciduous teeth", "歯髄", "牙髓", "乳歯",
        ),
        contextual=("dental pulp", "tooth", "teeth"),
    ),
    Term(
        "skin",
        "Skin",
        synonyms=(
            "dermal fibroblast", "skin-derived", "skin cell suspension",
            "epidermal cell suspension", "ReCell", "skin biopsy-derived",
            "cultured epidermal autograft",
        ),
        contextual=("skin", "dermis", "dermal", "epidermis", "epidermal"),
    ),
    Term("cartilage", "Cartilage", contextual=("cartilage", "articular cartilage")),
    Term(
        "skeletal muscle",
        "Skeletal muscle",
        synonyms=("muscle-derived", "AMDC"),
        contextual=("skeletal muscle", "muscle"),
    ),
    Term(
        "liver",
        "Liver",
        synonyms=("HepaStem", "HALPC", "liver-derived progenitor"),
        contextual=("liver", "hepatic", "fetal liver"),
    ),
    Term(
        "endometrium",
        "Endometrium",
        synonyms=("endometrial stem cell", "endometrial regenerative cell"),
        contextual=("endometrium", "endometrial", "子宫内膜", "子宮内膜"),
    ),
    Term(
        "limbus",
        "Limbus",
        synonyms=("CALEC", "CLET", "Holoclar"),
        contextual=("limbus", "limbal", "corneal limbus"),
    ),
    Term(
        "oral mucosa",
        "Oral mucosa",
        synonyms=(
            "oral mucosal epithelial", "oral mucosal epithelium", "oral mucosa epithelial",
            "buccal mucosal epithelial", "buccal epithelial", "oral epithelial",
            "CAOMECS", "Ocural", "Sakracy", "口腔黏膜", "口腔粘膜",
        ),
        contextual=("oral mucosa", "oral mucosal", "buccal mucosa", "buccal mucosal"),
    ),
    Term(
        "central nervous system",
        "Central nervous system (brain, spinal cord)",
        synonyms=(
            "HuCNS-SC", "CNS stem cell", "central nervous system stem cell", "fetal brain tissue",
            "fetal brain-derived", "brain-derived neural", "CTX0E03",
        ),
        contextual=("fetal brain", "brain", "spinal cord", "central nervous system", "CNS"),
    ),
    Term(
        "heart",
        "Heart",
        synonyms=(
            "cardiosphere-derived", "cardiosphere", "CAP-1002", "cardiac-derived",
            "heart-derived", "cardiac stem cell", "cardiac progenitor cell",
            "endomyocardial biopsy-derived",
        ),
        contextual=("heart", "atrial appendage", "right atrial appendage"),
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
            "autologhi", "autologhe", "autologue", "autólogo", "autóloga", "autologe",
            "autologen", "autologer", "autograft", "autotransplantation", "autologus",
            "autolgous", "autologuous",
            "auto-transplantation", "own body", "own umbilical cord blood", "own cord blood",
            "patient-specific", "from the patient himself", "from the patient herself",
            "from the patients themselves",
            "self bone marrow", "self cell", "self stem cell", "self-donated", "auto-MSC",
            "auto-HSCT", "auto-SCT", "ASCT",
            # Chinese and Japanese: own body, self-derived
            "自家", "自己由来", "自己細胞", "自己の細胞", "自己脂肪", "自己骨髄", "自己血",
            "自己培養", "自己多血小板", "自己歯髄", "自己造血", "自己幹細胞", "自己末梢血",
            "自体干细胞", "自体细胞", "自体骨髓",
            "自体脂肪", "自体外周血", "自体来源", "自体移植", "自体软骨", "自体脐血",
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
            "allogenici", "allogeniche", "allogénique", "alogénico", "alogénica", "allogene",
            "allogenen", "allograft", "allotransplantation", "allo-transplantation",
            "allogenetic", "alogeneic", "alogenic",
            "allo-HCT", "another person", "another human being", "another individual", "donor's",
            "healthy volunteer donor", "related donor",
            "HLA-matched", "HLA-identical", "HLA-haploidentical", "haploidentical",
            "sibling donor", "donated", "master cell bank", "allo-CAR-T", "donor MSC",
            "donor mesenchymal", "donor bone marrow", "donor lymphocyte", "donor T cell",
            "donor chondrocyte", "donor cornea", "cadaveric donor", "deceased donor",
            "neonatal donor", "young donor",
            # Chinese and Japanese: allogeneic (same species, other body)
            "异体", "異体", "同种异体", "同種", "同种", "他家", "同種他家", "他人由来", "供者来源",
            "健康供者",
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
            "intravenosa", "peripheral vein", "intravenous infusion", "venous infusion",
            "intravenous use", "intravenous drip",
            "systemic infusion", "systemically infused", "into a vein", "into the vein",
            "through a vein", "via a vein", "via peripheral vein", "via a peripheral vein",
            "intravenös", "intraveineuse", "intravenoso", "静脈内", "静脈注射", "静注",
            "点滴静注", "静脉注射", "静脉输注", "静脉滴注", "静脉输入", "静脉回输",
        ),
        contextual=(
            "infusion", "infused", "infusione", "infusión", "transfusion", "transfused",
            "输注", "回输", "点滴",
        ),
    ),
    Term(
        "intra-arterial",
        "Intra-arterial",
        synonyms=(
            "intra-arterial", "intra-arterially", "intraarterial", "transarterial",
            "arterial infusion", "via the hepatic artery", "into the hepatic artery",
            "via the femoral artery", "into the femoral artery", "via the carotid artery",
            "intracarotid", "intra-carotid", "into the carotid artery",
            "into the internal carotid artery", "via the internal carotid artery",
            "internal carotid artery infusion", "carotid artery infusion", "arterial injection",
            "intra-arterial injection", "intra-arterial infusion", "hepatic artery infusion",
            "intrahepatic arterial", "renal artery infusion",
            "into the renal artery", "via the renal artery", "into the splenic artery",
            "via the splenic artery", "via the vertebral artery", "into the vertebral artery",
            "intravertebral artery", "into the middle cerebral artery", "selective arterial",
            "transcatheter arterial", "via the pancreatic artery", "into the pancreatic artery",
            "动脉注射", "动脉输注", "经动脉", "動脈内",
        ),
    ),
    Term(
        "intracoronary",
        "Intracoronary",
        synonyms=(
            "intracoronary", "intra-coronary", "intracoronarily", "into the coronary artery",
            "into the coronary arteries", "via the coronary artery", "coronary infusion",
            "coronary artery infusion", "infarct-related artery", "into the infarct artery",
            "经冠状动脉", "经冠脉", "冠状动脉注射", "冠動脈注入",
            "intrakoronar", "intracoronaire", "intracoronario", "intracoronarica",
            "via the infarct-related artery", "冠状动脉内", "冠脉内", "冠動脈内",
        ),
    ),
    Term(
        "intramyocardial",
        "Intramyocardial",
        synonyms=(
            "intramyocardial", "intramyocardially", "intra-myocardial", "transendocardial",
            "intracardiac use", "intramyocardial use",
            "trans-endocardial", "endomyocardial", "myocardial injection",
            "epicardial injection", "transepicardial", "trans-epicardial", "into the myocardium",
            "into the heart", "into heart", "into the heart muscle", "into heart muscle",
            "into the left ventricle wall", "intracardiac", "intra-cardiac",
            "NOGA-guided", "NOGA", "myocardial implantation", "intramyokardial",
            "intramyocardique", "intramiocardico", "intramiocárdico", "心肌内", "心肌注射",
            "心筋内",
        ),
    ),
    Term(
        "intramuscular",
        "Intramuscular",
        synonyms=(
            "intramuscular", "intramuscularly", "intra-muscular", "IM", "i.m.",
            "IM injection", "into the muscle", "intramuscolare", "intramuscolo",
            "into the muscles", "into the calf muscle", "into the gastrocnemius",
            "into the ischemic muscle", "into the ischaemic muscle", "muscular injection",
            "intramyometrial", "into the myometrium", "intramuskulär", "肌肉注射", "肌注",
            "筋肉内", "筋注",
        ),
    ),
    Term(
        "intraosseous",
        "Intraosseous",
        synonyms=(
            "intraosseous", "intra-osseous", "intraosseously", "into the bone",
            "core decompression", "subchondral injection", "intraosseo", "intraossea",
            "subchondroplasty", "into the femoral head", "into the necrotic",
            "into the nonunion", "into the non-union", "into the fracture site",
            "into the fracture gap", "intramedullary cavity", "骨内", "髓芯减压",
        ),
    ),
    Term(
        "intra-articular",
        "Intra-articular",
        synonyms=(
            "intra-articular", "intra-articularly", "intraarticular", "into the joint",
            "into the knee", "into the knee joint", "joint injection", "intra-articolare",
            "intrarticolare", "intra-articulaire", "intraarticularly", "knee injection",
            "knee joint injection", "into the knee joints", "injected into the knee",
            "into the articular cavity", "into the joint cavity", "intra-articular knee",
            "into the hip joint", "into the shoulder joint", "into the ankle joint",
            "intrasynovial", "intraartikulär",
            "关节腔内", "关节腔注射", "关节内注射", "関節内", "関節腔内",
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
        synonyms=(
            "intrathecal", "intrathecally", "intra-thecal", "intratecale",
            "into the cerebrospinal fluid", "into the CSF", "intracisternal",
            "intracerebroventricular", "intraventricular injection", "subarachnoid injection",
            "into the subarachnoid space", "鞘内", "鞘内注射", "髄腔内",
        ),
    ),
    Term(
        "intracerebral",
        "Intracerebral / intraparenchymal",
        synonyms=(
            "intracerebral", "intracerebrally", "intraparenchymal", "intra-parenchymal",
            "intrastriatal", "intraputaminal", "stereotactic", "stereotactically",
            "into the brain", "intracranial injection", "intracranial implantation",
            "intraputamenal", "into the putamen", "putamen transplantation",
            "putamen implantation", "putamen injection", "putaminal transplantation",
            "putaminal implantation", "putaminal injection", "putamen graft",
            "into the striatum", "striatal transplantation", "striatal implantation",
            "striatal injection", "perilesional brain", "into the brain parenchyma",
            "intracerebral implantation", "intracerebral transplantation",
            "brain transplantation", "burr hole", "脑内", "脑内移植", "脳内", "被殻",
        ),
    ),
    Term(
        "intramedullary",
        "Intramedullary (spinal cord)",
        synonyms=(
            "intramedullary", "intra-medullary", "intraspinal", "into the spinal cord",
            "intramedullary injection", "into the injured spinal cord", "spinal cord injection",
            "intralesional spinal", "into the lesion site of the spinal cord", "脊髄内",
            "脊髓内",
        ),
    ),
    Term(
        "intratracheal",
        "Intratracheal",
        synonyms=(
            "intratracheal", "intratracheally", "intra-tracheal", "intratracheal instillation",
            "endotracheal", "intrabronchial", "bronchoscopic instillation",
            "endotracheopulmonary", "endotracheopulmonary use",
            "endobronchial", "via bronchoscopy", "气管内",
        ),
    ),
    Term(
        "inhalation",
        "Inhalation",
        synonyms=(
            "inhalation", "inhaled", "nebulized", "nebulised", "nebulization", "nebulisation",
            "nebulizer", "nebuliser", "aerosolized", "aerosolised", "aerosol inhalation",
            "inhalational", "atomization", "atomized", "atomised", "雾化", "雾化吸入",
            "吸入",
        ),
    ),
    Term(
        "intranasal",
        "Intranasal",
        synonyms=(
            "intranasal", "intranasally", "intra-nasal", "nasal drop", "nasal spray",
            "nose drop", "nasal administration", "nasal instillation", "intranasal instillation",
            "nasal delivery", "nasal route", "via the nose", "into the nose",
            "into the nasal cavity", "nasal application", "nasally", "滴鼻", "経鼻", "点鼻",
        ),
    ),
    Term(
        "subcutaneous",
        "Subcutaneous",
        synonyms=(
            "subcutaneous", "subcutaneously", "sub-cutaneous", "s.c.", "sottocutanea",
            "under the skin", "皮下", "皮下注射",
        ),
    ),
    Term(
        "intradermal",
        "Intradermal",
        synonyms=(
            "intradermal", "intradermally", "intra-dermal", "intracutaneous", "皮内", "皮内注射",
        ),
    ),
    Term(
        "intralesional",
        "Intralesional / local injection",
        synonyms=(
            "intralesional", "intra-lesional", "intralesionally", "perilesional",
            "local injection", "locally injected", "injected locally", "into the lesion",
            "intrafistular", "into the fistula", "intra-wound", "perianal injection",
            "local administration", "local application", "injected into the lesion",
            "into the scar", "intra-scar", "into the ulcer", "around the ulcer",
            "perifistular", "into the fistula tract", "into the tendon", "intratendinous",
            "peritendinous", "intracavernous", "intracavernosal", "periurethral",
            "intrasphincteric", "into the sphincter", "intraglandular", "into the salivary",
            "intralesional use", "intracavernous use", "periodontal use", "gingival use",
            "perineural", "perineural use", "局所投与", "局所注射",
            "局部注射", "局部注入", "病灶内",
        ),
    ),
    Term(
        "topical",
        "Topical / graft",
        synonyms=(
            "topical", "topically", "applied to the wound", "applied on the wound",
            "applied to the ulcer", "applied on the ulcer", "skin graft", "skin grafting",
            "wound dressing", "eye drop", "spray-on", "topica", "applied topically",
            "cutaneous use", "epilesional", "epilesional use", "transdermal use",
            "topical application", "sprayed onto", "sprayed on", "applied onto the wound",
            "onto the wound", "on the wound", "onto the ulcer", "onto the ocular surface",
            "onto the cornea", "onto the eye", "ocular surface transplantation", "eyedrop",
            "skin substitute", "wound coverage", "covering the wound", "外用", "滴眼", "点眼",
        ),
    ),
    Term(
        "subretinal",
        "Subretinal",
        synonyms=(
            "subretinal", "sub-retinal", "subretinally", "under the retina",
            "into the subretinal space", "網膜下", "视网膜下",
        ),
    ),
    Term(
        "intravitreal",
        "Intravitreal",
        synonyms=(
            "intravitreal", "intra-vitreal", "intravitreally", "intravitreale",
            "into the vitreous", "玻璃体内", "硝子体内",
        ),
    ),
    Term(
        "intraperitoneal",
        "Intraperitoneal",
        synonyms=(
            "intraperitoneal", "intraperitoneally", "intra-peritoneal", "i.p.",
            "into the peritoneal cavity", "腹腔内", "腹腔注射",
        ),
    ),
    Term(
        "intratesticular",
        "Intratesticular",
        synonyms=(
            "intratesticular", "intra-testicular", "into the testis", "into the testes",
            "into the testicle", "into the testicles", "testicular injection",
            "into the seminiferous tubules", "into the rete testis", "rete testis injection",
            "睾丸内", "精巣内",
        ),
    ),
    Term(
        "intraovarian",
        "Intraovarian",
        synonyms=(
            "intraovarian", "intra-ovarian", "into the ovary", "into the ovaries",
            "ovarian injection", "intraovarian injection", "into the ovarian tissue",
            "into the ovarian cortex", "卵巢内", "卵巣内",
        ),
    ),
    Term(
        "intra-oviductal",
        "Intra-oviductal",
        synonyms=(
            "intra-oviductal", "intraoviductal", "into the fallopian tube", "oviduct",
            "oviductal", "into the oviduct", "via the oviduct", "intratubal", "intra-tubal",
            "tubal infusion", "tubal injection", "via the fallopian tube",
            "fallopian tube injection", "fallopian tube infusion", "输卵管", "卵管内",
        ),
    ),
    Term(
        "intrauterine",
        "Intrauterine",
        synonyms=(
            "intrauterine", "intra-uterine", "intrauterine infusion", "intrauterine injection",
            "intrauterine instillation", "into the uterine cavity", "into the uterus",
            "intraendometrial", "intra-endometrial", "into the endometrium",
            "subendometrial", "sub-endometrial", "uterine scar injection",
            "into the uterine scar", "into the uterine niche", "into the cesarean scar",
            "into the caesarean scar", "宫腔内", "宫腔灌注", "子宫内膜下", "子宮内",
        ),
    ),
    Term(
        "intraportal",
        "Intraportal (portal vein)",
        synonyms=(
            "intraportal", "intra-portal", "into the portal vein", "via the portal vein",
            "portal vein infusion", "portal vein injection", "transhepatic portal",
            "门静脉", "門脈",
        ),
    ),
    Term(
        "surgical implantation",
        "Surgical implantation",
        synonyms=(
            "surgical implantation", "surgically implanted", "implanted surgically",
            "surgical implant", "implanted during surgery", "implanted at surgery",
            "implantation of cartilage", "cartilage implantation", "cartilage transplantation",
            "cartilage transplant", "implantation of the cartilage", "arthroscopic implantation",
            "arthrotomy", "implanted into the defect", "implanted into the cartilage defect",
            "implanted into the knee", "into the cartilage defect",
            "placed into the defect", "osteochondral transplantation", "chondrocyte implantation",
            "chondrocyte transplantation", "sheet transplantation", "patch implantation",
            "軟骨移植", "软骨移植", "移植手術",
            # a cell sheet is laid on or into the tissue: "網膜シート移植", "细胞膜片移植"
            "シート移植", "膜片移植",
        ),
        contextual=(
            "implantation", "implanted", "implant", "transplanted into", "grafted", "植入",
            # Japanese: "transplant (something)" and "transplant surgery"; intravenous and
            # other injections are 投与 (administration), not 移植
            "を移植", "移植術",
        ),
    ),
)

# Names of cell therapies that no list above holds. International nonproprietary names
# (INN) of cell therapies end in "-cel" ("lomecel-B", "obecabtagene autoleucel"), those of
# CAR-T cells in "-cabtagene", those of stromal cells in "-strocel": a word with such an
# ending names a cell product, and the narrower endings its cell type. Each entry is
# (ending, letters at least before it, product type, cell type or "").
CELL_NAME_ENDINGS: tuple[tuple[str, int, str, str], ...] = (
    ("gene autotemcel", 2, "gene_modified_cells", "hematopoietic stem and progenitor cells"),
    ("cabtagene", 2, "gene_modified_cells", "CAR-T cells"),
    ("strocel", 2, "cell_therapy", "mesenchymal stromal cells"),
    ("cel", 4, "cell_therapy", ""),
)

# Words in an intervention's name before or after "cells" that make them something else than
# a product given: "Red blood cell transfusion", "Cell salvage", "Sickle cell screening".
NOT_GIVEN_CELLS: tuple[str, ...] = (
    "red blood", "red", "white blood", "blood", "sickle", "single", "squamous", "clear",
    "hairy", "giant", "plasma", "mast", "B", "small", "non-small", "tumor", "tumour", "cancer",
    "basal", "germ", "islet", "goblet", "sperm", "T", "parietal", "reed-sternberg",
)
NOT_GIVEN_AFTER_CELLS: tuple[str, ...] = (
    "count", "counts", "salvage", "saver", "free", "line", "lines", "cycle", "lysate",
    "lysates", "culture", "cultures", "membrane", "wall", "death", "viability", "sorting",
    "counting", "carcinoma", "lymphoma", "leukemia", "leukaemia", "inhibitor", "phone",
    "imaging", "analysis", "assay", "marker", "markers", "proliferation", "signalling",
    "signaling", "disease", "anemia", "anaemia", "trait",
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
    "subcutaneous fat", "subcutaneous adipose", "subcutaneous tissue", "皮下脂肪", "皮下组织",
    "inhalation injury",
    "smoke inhalation", "intravenous drug use", "intravenous drug user",
    "intravenous drug abuse", "white blood cell", "red blood cell", "cell-free DNA",
    "engineered antibody", "carrier protein", "hepatitis B carrier", "tumor lysate",
    "tumour lysate", "ASC-US", "ASC-H",
    # names of factors, measures and other treatments that contain a wording
    "brain-derived neurotrophic factor", "glial cell line-derived neurotrophic factor",
    "glial cell-derived neurotrophic factor", "platelet-derived growth factor",
    "stromal cell-derived factor", "hepatic stellate cell", "HSC activation",
    "cell count", "blood cell count", "nucleated red blood cell",
    # other treatments given by a route the product is not
    "intravenous immunoglobulin", "intravenous thrombolysis", "intravenous antibiotic",
    "intravenous fluid", "intravenous iron", "intravenous line", "intravenous access",
    "intravenous catheter", "intravenous cannula", "intravenous contrast",
    "intravenous alteplase", "intravenous tPA", "intravenous steroid",
    "intravenous methylprednisolone", "IV access", "IV line", "IV fluid", "IV antibiotic",
    "IV iron", "intracoronary thrombus", "intracoronary imaging", "intracoronary pressure",
    "intracoronary nitroglycerin", "intracoronary adenosine", "intra-arterial thrombectomy",
    "intra-arterial thrombolysis", "intra-arterial pressure", "intra-arterial blood pressure",
    "intra-arterial line", "intra-arterial catheter", "stereotactic radiosurgery",
    "stereotactic radiotherapy", "stereotactic body radiation", "stereotactic body radiotherapy",
    "stereotactic biopsy", "intrathecal baclofen", "intrathecal chemotherapy",
    "intrathecal methotrexate", "intrathecal morphine", "inhaled corticosteroid",
    "inhaled steroid", "inhaled nitric oxide", "inhalation anaesthesia",
    "inhalation anesthesia", "inhaled bronchodilator", "topical anaesthesia",
    "topical anesthesia", "topical anaesthetic", "topical anesthetic", "topical steroid",
    "topical corticosteroid", "topical antibiotic", "intramuscular fat",
    "intramuscular adipose", "intramuscular hematoma", "intramuscular haematoma",
    "intra-articular steroid", "intra-articular corticosteroid",
    "intra-articular hyaluronic acid", "intra-articular hyaluronan",
    "intrauterine adhesion", "intrauterine adhesions", "intrauterine growth",
    "intrauterine infection", "intrauterine infections",
    "intrauterine device", "intrauterine insemination", "intrauterine pregnancy",
    "intrauterine fetal", "intrauterine death", "intrauterine contraceptive",
    "intrauterine system", "intraportal hypertension", "implantable cardioverter",
    "implantable cardioverter defibrillator", "implanted pacemaker", "implanted device",
    "embryo implantation", "implantation rate", "implantation failure",
    "recurrent implantation failure", "dental implant", "breast implant", "cochlear implant",
    "implant failure", "graft-versus-host", "graft versus host", "graft failure",
    "graft rejection", "bone marrow biopsy", "liver biopsy", "kidney biopsy", "renal biopsy",
    "skin biopsy score", "bone marrow edema", "bone marrow oedema",
    "bone marrow lesion", "bone marrow examination", "bone marrow aspiration and biopsy",
)

# Cell types named as what a trial measures or protects, not what it gives: "circulating
# endothelial progenitor cells", "Treg frequency", "protects dopaminergic neurons",
# "hepatocyte ballooning", "islet cell autoantibodies". A cell-type match followed by one of
# MEASURED_AFTER, or after one of MEASURED_BEFORE (at most two words in between), is left out.
MEASURED_AFTER: tuple[str, ...] = (
    "count", "number", "level", "frequency", "percentage", "proportion", "ratio",
    "function", "activity", "activation", "expansion", "response", "subset", "infiltration",
    "infiltrate", "apoptosis", "proliferation", "death", "injury", "damage", "ballooning",
    "hypertrophy", "dysfunction", "population", "phenotype", "marker", "mobilization",
    "mobilisation", "kinetics", "loss", "degeneration", "senescence", "metabolism", "density",
    "quantification", "enumeration", "content", "autoantibody", "autoantibodies", "antibody",
    "antibodies", "antigen", "tumor", "tumour", "carcinoma", "neoplasm", "differentiation",
    "survival", "mass", "reserve", "exhaustion", "depletion", "signature", "biomarker",
)
MEASURED_BEFORE: tuple[str, ...] = (
    "circulating", "endogenous", "resident", "number of", "numbers of", "level of",
    "levels of", "frequency of", "frequencies of", "percentage of", "proportion of",
    "count of", "counts of", "expand", "expands", "activation of", "infiltration of",
    "function of", "apoptosis of", "loss of", "death of", "survival of", "protect",
    "protects", "protecting", "protection of", "mobilization of", "mobilisation of",
    "mobilize", "mobilizes", "mobilise", "mobilises", "increase in", "increases in",
    "decrease in", "change in", "changes in", "measured", "measure", "quantify",
    "quantified", "depletion of", "deplete", "depletes", "induce", "induces", "promote",
    "promotes", "stimulate", "stimulates", "restore", "restores", "preserve", "preserves",
)

# Cell types that are as often the source of the cells given as given themselves: after a
# source word and link ("MSCs expanded from a bone marrow aspirate", "iPSCs reprogrammed from
# PBMCs", "cells derived from dermal fibroblasts") they are the source only.
SOURCE_CELL_TYPES: tuple[str, ...] = (
    "bone marrow mononuclear cells", "peripheral blood mononuclear cells",
    "keratinocytes and fibroblasts",
)

# Words just before a match (at most two words in between, no punctuation) that negate it:
# "without MSCs", "non-autologous", "history of allogeneic HSCT", "unlike autologous cells",
# "prior stem cell therapy", "previously treated with MSCs". A negation followed by "to" is
# none: "prior to infusion". (Transplants a trial's patients are candidates for or scheduled
# for are its setting: see SETTING_WORDS.)
NEGATIONS: tuple[str, ...] = (
    "no", "not", "non", "without", "nor", "never", "history of", "unlike", "instead of",
    "rather than", "as opposed to", "prior participation in", "previous participation in",
    "participation in", "participated in", "prior treatment with", "previous treatment with",
    "previously treated with", "previously received", "prior receipt of", "prior", "previous",
    "contraindication to", "contraindications to", "allergy to", "allergic to",
    "hypersensitivity to", "ineligible for", "awaiting", "waiting for", "waiting list for",
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
    "nucleated", "cellule", "cellular", "biopsy", "间充质", "間充質", "間葉系", "来源", "由来",
    "干细胞", "幹細胞", "细胞", "細胞", "单个核", "単核",
)
# ... or preceded by a source word, a link and only qualifiers: "cells isolated from the
# patient's own bone marrow", "cellule mesenchimali allogeniche del midollo osseo".
SOURCE_BEFORE: tuple[str, ...] = (
    "derived", "isolated", "obtained", "harvested", "extracted", "collected", "aspirated",
    "sourced", "prepared", "expanded", "originating", "cultured", "manufactured", "generated",
    "reprogrammed", "differentiated",
    "produced", "taken", "cell", "MSC", "cellule", "mesenchimali", "staminali", "stromali",
    "Stammzellen", "Zellen", "células", "mesenquimales", "cellules", "souches", "chondrocyte",
    "fibroblast", "keratinocyte", "myoblast", "hepatocyte",
)
SOURCE_LINKS: tuple[str, ...] = (
    "from", "del", "dal", "della", "dalla", "dello", "dallo", "di", "da", "de", "du", "des",
    "aus", "von",
)
SOURCE_QUALIFIERS: tuple[str, ...] = (
    "the", "a", "an", "their", "his", "her", "patient's", "patients'", "own", "autologous",
    "allogeneic", "allogenic", "human", "healthy", "donor", "adult", "fetal", "foetal",
    "neonatal", "newborn", "term", "same", "iliac", "crest", "posterior", "anterior",
    "abdominal", "subcutaneous", "il", "lo", "la", "le", "i", "gli", "dem", "der", "den",
)

# A cell type directly followed by one of these words ("MSC-derived exosomes", "MSC
# secretome"), or named after "<word> ... from/of/by" ("exosomes derived from UC-MSCs"), is the
# source of a derivative, not a cell therapy.
DERIVATIVE_WORDS: tuple[str, ...] = (
    "extracellular vesicle", "vesicle", "EV", "sEV", "exosome", "exosomal", "exo",
    "microvesicle", "nanovesicle", "secretome", "conditioned medium", "conditioned media",
    "CM", "lysate", "supernatant", "secreted factor", "paracrine factor", "外泌体",
    "细胞外囊泡", "エクソソーム", "細胞外小胞", "条件培养基", "分泌组",
)

# Words that make loose transplant wordings ("stem cell transplantation", "HSCT") mean
# haematopoietic cells: blood diseases and the steps of a haematopoietic transplant.
HAEMATOPOIETIC_CONTEXT: tuple[str, ...] = (
    "leukemia", "leukaemia", "lymphoma", "myeloma", "myelodysplastic", "myelodysplasia",
    "myeloproliferative", "myelofibrosis", "aplastic anemia", "aplastic anaemia",
    "sickle cell", "thalassemia", "thalassaemia", "Fanconi anemia", "Fanconi anaemia",
    "hematologic malignancy", "haematological malignancy", "hematological malignancy",
    "AML", "CML", "CLL", "MDS", "conditioning regimen", "myeloablative",
    "non-myeloablative", "reduced-intensity conditioning", "immunoablative", "immunoablation",
    "neutrophil engraftment", "platelet engraftment", "neutrophil recovery",
    "stem cell mobilization", "stem cell mobilisation", "leukapheresis",
    "transplant-related mortality",
    "non-relapse mortality", "白血病", "淋巴瘤", "骨髓瘤", "リンパ腫", "骨髄腫",
)

# Words before a loose transplant wording ("stem cell transplantation", "HSCT") that make it
# the trial's setting rather than its product: "GVHD after allogeneic stem cell
# transplantation", "conditioning before HSCT", "patients undergoing autologous SCT".
SETTING_WORDS: tuple[str, ...] = (
    "after", "following", "post", "before", "prior to", "pre", "undergoing", "underwent",
    "undergone", "undergo", "recipients of", "recipient of", "receiving", "received",
    "eligible for", "candidates for", "candidate for", "planned for", "scheduled for",
    "prophylaxis in", "relapse after", "during", "at the time of", "in the setting of",
    "in patients undergoing", "in",
)
# The same after the transplant, as Chinese and Japanese write it: "异体造血干细胞移植后" (after
# allogeneic HSCT); the donor word just before the transplant belongs to the setting.
SETTING_AFTER: tuple[str, ...] = ("后", "後", "以后", "之后", "以後", "後の")

# A route that, when found, is what looser wordings of the same injection mean: cells
# injected "intramuscularly" or "into the scar" of the heart muscle are intramyocardial, and
# an intracoronary infusion "via the femoral artery" is not a second, intra-arterial route.
NARROWER_ROUTES: dict[str, tuple[str, ...]] = {
    "intramyocardial": ("intramuscular", "intralesional"),
    "intracoronary": ("intra-arterial",),
    "intracerebral": ("intralesional",),
    "intramedullary": ("intralesional",),
    "intraosseous": ("intralesional",),
    "intraportal": ("intravenous",),
}

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
