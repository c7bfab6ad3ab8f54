"""Issue 15's classification gaps, rule by rule: short realistic snippets (several per
vocabulary addition, and the wordings that must not match). No database needed."""

import pytest

from tests.parsers_support import trial
from trials.parsers.classify import (
    UNMATCHED_CELL_PRODUCT,
    classify,
    classify_with_flags,
    match_key,
    misspelt_routes,
)
from trials.parsers.record import Classification, ParsedIntervention, ParsedTrial
from trials.vocab.regen import CELL_TYPES, NARROWER_ROUTES, ROUTES, SOURCE_TISSUES


def facets(regen: Classification) -> dict:
    return {
        "product_types": set(regen.product_types),
        "cell_types": set(regen.cell_types),
        "source_tissues": set(regen.source_tissues),
        "donor": regen.donor,
        "routes": set(regen.routes),
    }


MSC = "mesenchymal stromal cells"
UCB = "umbilical cord blood cells"
HSPC = "hematopoietic stem and progenitor cells"
BMMNC = "bone marrow mononuclear cells"
IPSC = "induced pluripotent stem cell-derived cells"
HESC = "embryonic stem cell-derived cells"
NSC = "neural stem cells"
CART = "CAR-T cells"
GENE = {"cell_therapy", "gene_modified_cells"}

# fmt: off
CASES = [
    # Cord blood
    ("ucb-derived cells", trial(
        "Autologous umbilical cord blood derived cell administration after fetal stroke"),
     {"cell_types": {UCB}, "source_tissues": {"umbilical cord blood"}, "donor": "autologous"}),
    ("cord blood infusion", trial("Cord blood infusion for cerebral palsy"),
     {"cell_types": {UCB}, "product_types": {"cell_therapy"}}),
    ("ucb-mnc", trial("Intravenous UCB-MNC in autism"),
     {"cell_types": {UCB}, "routes": {"intravenous"}}),
    ("own cord blood", trial(summary="Children receive an infusion of their own cord blood cells."),
     {"donor": "autologous", "source_tissues": {"umbilical cord blood"}}),
    ("cord blood is not the umbilical cord", trial("Cord blood MSCs"),
     {"source_tissues": {"umbilical cord blood"}}),
    # Amnion
    ("amnion epithelial cells", trial("Human amniotic epithelial cells for ovarian failure"),
     {"cell_types": {"amniotic epithelial cells"}, "source_tissues": {"amniotic membrane"}}),
    ("amniotic msc", trial("Amniotic mesenchymal stem cells in liver failure"),
     {"cell_types": {MSC}, "source_tissues": {"amniotic membrane"}}),
    ("amniotic fluid", trial("Amniotic fluid stem cells in bronchopulmonary dysplasia"),
     {"source_tissues": {"amniotic fluid"}}),
    ("amniotic membrane graft is other", trial("Amniotic membrane graft for corneal ulcer"),
     {"product_types": {"other"}, "cell_types": set()}),
    # CD34+ and haematopoietic transplants
    ("cd34+ selected", trial("Intramyocardial CD34+ selected cells in refractory angina"),
     {"cell_types": {HSPC}, "routes": {"intramyocardial"}}),
    ("cd133", trial("CD133-enriched bone marrow cells in liver cirrhosis",
                    conditions=("Liver Cirrhosis",)),
     {"cell_types": {HSPC, BMMNC}, "source_tissues": {"bone marrow"}}),
    ("hsct in leukaemia", trial(
        "Haploidentical stem cell transplantation in acute myeloid leukemia"),
     {"cell_types": {HSPC}, "product_types": {"cell_therapy"}, "donor": "allogeneic"}),
    ("stem cell transplant without a blood disease names no cell type", trial(
        "Stem cell transplantation for knee osteoarthritis"),
     {"cell_types": set(), "product_types": {"cell_therapy"}}),
    ("transplant as the setting of a drug trial", trial(
        "Ruxolitinib for GVHD prophylaxis after allogeneic stem cell transplantation",
        conditions=("Acute Myeloid Leukemia",)),
     {"product_types": set(), "cell_types": set(), "donor": None}),
    ("conditioning before hsct", trial(
        "Treosulfan conditioning before allogeneic HSCT in MDS"),
     {"product_types": set()}),
    ("gvhd after hsct, spelt out", trial(
        "Allogeneic MSCs for acute GVHD after haploidentical hematopoietic stem cell "
        "transplantation", conditions=("Acute Myeloid Leukemia",)),
     {"cell_types": {MSC}, "donor": "allogeneic"}),
    ("car-t after autologous transplant", trial(
        "CD19 CAR-T in lymphoma", interventions=("Allogeneic CD19 CAR-T cells",),
        summary="Patients relapsed after autologous stem cell transplantation."),
     {"cell_types": {CART}, "donor": "allogeneic"}),
    ("relapse after autologous sct gives no donor", trial(
        "CAR-T cells in myeloma",
        summary="For patients who relapsed after autologous stem cell transplantation."),
     {"donor": None}),
    ("hsct itself", trial(
        "Autologous hematopoietic stem cell transplantation in systemic sclerosis",
        summary="Immunoablative conditioning, then reinfusion of CD34-selected cells."),
     {"cell_types": {HSPC}, "donor": "autologous"}),
    ("chinese setting after the transplant", trial(
        "脐带间充质干细胞预防异体造血干细胞移植后血管内皮损伤综合征的探索性临床研究"),
     {"cell_types": {MSC}, "source_tissues": {"umbilical cord"}, "donor": None}),
    ("english setting after the transplant", trial(
        "Umbilical Cord Mesenchymal Stem Cells for Prophylaxis Against Endothelial Injury "
        "Syndrome Following Allogeneic Hematopoietic Stem Cell Transplantation"),
     {"cell_types": {MSC}, "donor": None}),
    ("chinese intracoronary", trial("经冠状动脉自体骨髓单个核细胞移植治疗急性心肌梗死"),
     {"cell_types": {BMMNC}, "donor": "autologous", "routes": {"intracoronary"}}),
    ("msc for gvhd keeps msc only", trial(
        "MSCs for steroid-refractory GVHD after allogeneic HSCT",
        conditions=("Graft Versus Host Disease",)),
     {"cell_types": {MSC}}),
    # Neural / CNS stem cells
    ("ns/pc", trial("Transplantation of iPSC-NS/PCs for subacute spinal cord injury"),
     {"cell_types": {NSC, IPSC}}),
    ("cns stem cells", trial("HuCNS-SC in thoracic spinal cord injury"),
     {"cell_types": {NSC}, "source_tissues": {"central nervous system"}}),
    ("fetal brain source", trial(summary="Neural stem cells derived from fetal brain tissue."),
     {"cell_types": {NSC}, "source_tissues": {"central nervous system"}}),
    ("bdnf is no source", trial("MSCs in ALS", summary="Brain-derived neurotrophic factor levels."),
     {"source_tissues": set()}),
    # Very small embryonic-like stem cells
    ("vsel", trial("Autologous VSELs in premature ovarian insufficiency"),
     {"cell_types": {"very small embryonic-like stem cells"}, "donor": "autologous"}),
    ("very small embryonic-like", trial(
        summary="Very small embryonic-like stem cells are infused."),
     {"cell_types": {"very small embryonic-like stem cells"}}),
    ("vsel is not hesc", trial("Very small embryonic-like cells in critical limb ischemia"),
     {"cell_types": {"very small embryonic-like stem cells"}}),
    # iPSC and hESC products
    ("ipsc cardiomyocytes", trial("iPSC-derived cardiomyocyte sheets in ischemic cardiomyopathy"),
     {"cell_types": {IPSC, "cardiac stem and progenitor cells"}}),
    ("hesc dopamine progenitors", trial(
        "Phase 1/2a clinical trial of hESC-derived dopamine progenitors in Parkinson's disease",
        summary="Patients received bilateral putamen transplantation of A9-DPCs."),
     {"cell_types": {HESC, "dopaminergic progenitor cells"}, "routes": {"intracerebral"}}),
    ("hesc rpe subretinal", trial("hESC-derived RPE patch, subretinal, in dry AMD"),
     {"cell_types": {HESC, "retinal pigment epithelial cells"}, "routes": {"subretinal"}}),
    ("es cell islets", trial("Stem cell-derived islets (VX-880) infused into the portal vein"),
     {"cell_types": {"pancreatic islet cells"}, "routes": {"intraportal"}}),
    # CAR-T and other gene-modified cells
    ("universal car-t is not allogeneic", trial(
        "Universal CD19/20 CAR-T cell injection in refractory lupus"),
     {"cell_types": {CART}, "product_types": GENE, "donor": None}),
    ("car-t with spelling damage", trial("Car-t Cell Injection in SLE"),
     {"cell_types": {CART}, "product_types": GENE}),
    ("chimeric antigen receptor", trial(
        summary="Autologous chimeric antigen receptor T cells targeting BCMA."),
     {"cell_types": {CART}, "donor": "autologous", "product_types": GENE}),
    ("allogeneic car-t", trial("Allogeneic CD19 CAR-T from healthy donors in lupus"),
     {"cell_types": {CART}, "donor": "allogeneic"}),
    ("car-nk", trial("CAR-NK cells in myasthenia gravis"),
     {"cell_types": {"natural killer cells"}, "product_types": GENE}),
    ("lentiviral hsc gene therapy", trial(
        "Autologous CD34+ cells transduced with a lentiviral vector in MLD"),
     {"cell_types": {HSPC}, "product_types": GENE}),
    ("inn ending names a cell product", trial("Lomecel-B in Alzheimer's disease"),
     {"product_types": {"cell_therapy"}, "cell_types": {MSC}}),
    ("inn stromal ending", trial("Rexlemestrocel-L in chronic low back pain"),
     {"cell_types": {MSC}}),
    ("inn car-t ending", trial("Obecabtagene autoleucel in refractory lupus"),
     {"cell_types": {CART}, "product_types": GENE}),
    ("inn gene-modified stem cells", trial("Exagamglogene autotemcel in sickle cell disease"),
     {"cell_types": {HSPC}, "product_types": GENE}),
    ("cancel is no inn", trial("Why patients cancel visits"), {"product_types": set()}),
    ("cells in an intervention name", trial("A study in SLE", interventions=("CT1195E cells",)),
     {"product_types": {"cell_therapy"}}),
    ("blood cells in an intervention name", trial(
        "Transfusion thresholds", interventions=("Red blood cell transfusion", "Cell salvage")),
     {"product_types": set()}),
    # Epithelial cell sheets
    ("oral mucosal sheet", trial(
        "Autologous oral mucosal epithelial cell sheet for limbal stem cell deficiency"),
     {"cell_types": {"oral mucosal epithelial cells"}, "source_tissues": {"oral mucosa"},
      "product_types": {"cell_therapy", "tissue_engineered"}, "donor": "autologous"}),
    ("caomecs", trial("CAOMECS in total limbal stem cell deficiency"),
     {"cell_types": {"oral mucosal epithelial cells"}}),
    ("buccal mucosa source", trial(
        summary="Epithelial cell sheets cultured from buccal mucosa biopsies."),
     {"source_tissues": {"oral mucosa"}}),
    ("limbal deficiency alone is no product", trial("Eye drops in limbal stem cell deficiency"),
     {"product_types": set()}),
    ("limbal cells", trial("Cultivated limbal epithelial transplantation (CLET)"),
     {"cell_types": {"limbal stem cells"}, "source_tissues": {"limbus"}}),
    # Bone-marrow implantation and concentrate
    ("bone marrow implantation", trial("Autologous bone marrow implantation in osteonecrosis"),
     {"cell_types": {BMMNC}, "source_tissues": {"bone marrow"}, "donor": "autologous"}),
    ("concentrated bone marrow", trial("Concentrated bone marrow aspirate in nonunion"),
     {"cell_types": {BMMNC}}),
    ("bmac into the femoral head", trial(
        "BMAC injected into the femoral head during core decompression"),
     {"cell_types": {BMMNC}, "routes": {"intraosseous"}}),
    ("bone marrow aspirate as the source of msc", trial(
        "MSCs expanded from a bone marrow aspirate in knee osteoarthritis"),
     {"cell_types": {MSC}, "source_tissues": {"bone marrow"}}),
    ("pbmc as the source of ipsc", trial("iPSCs reprogrammed from PBMCs, then cardiomyocytes"),
     {"cell_types": {IPSC, "cardiac stem and progenitor cells"}}),
    ("fibroblast cell therapy", trial("Autologous fibroblast cell therapy for gingival recession"),
     {"cell_types": {"keratinocytes and fibroblasts"}}),
    ("bone marrow edema is no source", trial("Intra-articular MSCs",
                                             summary="MRI bone marrow edema is scored."),
     {"source_tissues": set()}),
    # MSC wordings
    ("mpc stro-3", trial(
        "Intracoronary infusion of immunoselected, bone marrow-derived Stro3 MPCs after STEMI"),
     {"cell_types": {MSC}, "source_tissues": {"bone marrow"}, "routes": {"intracoronary"}}),
    ("mpc alone", trial("Mesenchymal Precursor Cells (MPCs) in diabetic nephropathy"),
     {"cell_types": {MSC}}),
    ("humsc", trial("Low dose hUMSC in decompensated liver cirrhosis"),
     {"cell_types": {MSC}, "source_tissues": {"umbilical cord"}}),
    ("at-msc", trial("AT-MSC in Crohn's fistula"),
     {"cell_types": {MSC}, "source_tissues": {"adipose tissue"}}),
    ("mesoangioblasts", trial("HLA-identical donor mesoangioblasts in Duchenne dystrophy"),
     {"cell_types": {"skeletal muscle-derived cells"}, "donor": "allogeneic"}),
    ("cardiosphere-derived", trial("Cardiosphere-derived cells (CAP-1002) in DMD cardiomyopathy"),
     {"cell_types": {"cardiac stem and progenitor cells"}, "source_tissues": {"heart"}}),
    ("skin biopsy source", trial(summary="Autologous fibroblasts expanded from a skin biopsy."),
     {"source_tissues": {"skin"}, "cell_types": {"keratinocytes and fibroblasts"}}),
    ("chondrocytes from cartilage", trial(
        "Chondrocytes from autologous cartilage, implanted"),
     {"source_tissues": {"cartilage"}}),
    ("liver biopsy outcome is no source", trial(
        "Intravenous MSCs in cirrhosis", summary="Fibrosis on liver biopsy at 12 months."),
     {"source_tissues": set()}),
    ("cardiac cell therapy is no source", trial("Cardiac cell therapy with BM-MSCs"),
     {"source_tissues": {"bone marrow"}}),
    # Donor wordings
    ("cells from another person", trial(
        summary="The stem cells come from another person (a donor)."),
     {"donor": "allogeneic"}),
    ("your own cells", trial(summary="Stem cells made from your own cells are injected."),
     {"donor": "autologous"}),
    ("self bone marrow", trial(
        summary="Direct injection into the scar muscle of self bone marrow mononuclear cells"),
     {"donor": "autologous"}),
    ("autograft", trial("Cultured epidermal autograft for burns"),
     {"donor": "autologous", "cell_types": {"keratinocytes and fibroblasts"}}),
    ("hla-matched sibling", trial("HLA-matched sibling MSCs in aplastic anemia"),
     {"donor": "allogeneic"}),
    ("donor site is no donor", trial(
        summary="Autologous keratinocytes from a donor site skin biopsy."),
     {"donor": "autologous"}),
    ("their own medication is no donor", trial(
        "MSCs in knee osteoarthritis", summary="Patients keep their own medication."),
     {"donor": None}),
    ("japanese allogeneic", trial("同種iPS細胞由来軟骨移植による関節軟骨損傷の再生"),
     {"donor": "allogeneic", "cell_types": {IPSC}, "routes": {"surgical implantation"}}),
    ("japanese transplanted cartilage", trial("患者に同種iPS細胞由来軟骨を移植する治療"),
     {"routes": {"surgical implantation"}, "donor": "allogeneic"}),
    ("japanese administration is no implantation", trial(
        "間葉系幹細胞を移植する", summary="静脈内投与"), {"routes": {"intravenous"}}),
    ("japanese autologous", trial("自家培養軟骨細胞移植"),
     {"donor": "autologous", "cell_types": {"chondrocytes"}}),
    ("japanese autoimmune is no donor", trial("自己免疫疾患に対する間葉系幹細胞の静脈内投与"),
     {"donor": None, "cell_types": {MSC}, "routes": {"intravenous"}}),
    ("chinese allogeneic exosomes", trial("异体人源脂肪间充质干细胞外泌体治疗膝骨关节炎"),
     {"donor": "allogeneic", "product_types": {"extracellular_vesicles"},
      "cell_types": {MSC}, "source_tissues": {"adipose tissue"}}),
    ("chinese autologous bone marrow", trial(
        "自体骨髓间充质干细胞治疗肝硬化", summary="经肝动脉输注"),
     {"donor": "autologous", "source_tissues": {"bone marrow"}, "routes": {"intra-arterial"}}),
    # Routes
    ("intracoronary", trial("Intracoronary infusion of autologous BM-MNC via the femoral artery"),
     {"routes": {"intracoronary"}}),
    ("infarct-related artery", trial(summary="MSCs infused into the infarct-related artery"),
     {"routes": {"intracoronary"}}),
    ("intracarotid", trial("Intracarotid injection of autologous MSCs in ischemic stroke"),
     {"routes": {"intra-arterial"}}),
    ("intra-arterial hepatic", trial(summary="BM-MNC given via the hepatic artery"),
     {"routes": {"intra-arterial"}}),
    ("thrombectomy is no cell route", trial(
        "Intravenous MSCs in stroke", summary="After intra-arterial thrombectomy."),
     {"routes": {"intravenous"}}),
    ("intraputaminal", trial("Intraputaminal dopaminergic neurons from iPSCs"),
     {"routes": {"intracerebral"}}),
    ("putamen pet outcome is no route", trial(
        "Intravenous MSCs in Parkinson's disease",
        summary="Dopamine transporter uptake in the putamen is measured."),
     {"routes": {"intravenous"}}),
    ("stereotactic", trial("Stereotactic implantation of NSCs in chronic stroke"),
     {"routes": {"intracerebral"}}),
    ("radiosurgery is no route", trial(
        "MSCs in glioma", summary="after stereotactic radiosurgery"), {"routes": set()}),
    ("into the heart", trial(
        "Autologous bone marrow cells into heart scar muscle during CABG",
        summary="intravascular as compared to intramuscular administration"),
     {"routes": {"intramyocardial"}}),
    ("oviduct", trial("Autologous bone marrow cells through the oviduct in Asherman syndrome",
                      summary="Cells are infused via the oviduct."),
     {"routes": {"intra-oviductal"}}),
    ("fallopian tube", trial(summary="MSCs injected into the fallopian tubes"),
     {"routes": {"intra-oviductal"}}),
    ("hucmsc-exos", trial("hucMSC-Exos in dry eye disease"),
     {"product_types": {"extracellular_vesicles"}, "cell_types": {MSC}}),
    ("allogenetic typo", trial("Allogenetic MSCs in ARDS"), {"donor": "allogeneic"}),
    ("nasal drops", trial("MSC-derived exosome nasal drops in depression"),
     {"routes": {"intranasal"}, "product_types": {"extracellular_vesicles"}}),
    ("intranasal instillation", trial(summary="Stem cells by intranasal instillation in neonates"),
     {"routes": {"intranasal"}}),
    ("intrauterine", trial("Intrauterine infusion of autologous PBMC in implantation failure"),
     {"routes": {"intrauterine"}, "cell_types": {"peripheral blood mononuclear cells"}}),
    ("uterine scar injection", trial(summary="UC-MSCs are injected into the uterine scar."),
     {"routes": {"intrauterine"}}),
    ("intrauterine adhesions are a condition", trial(
        "Intravenous MSCs for intrauterine adhesions"), {"routes": {"intravenous"}}),
    ("local intramuscular injection", trial(
        "Umbilical Cord MSC Local Intramuscular Injection for Uterine Scars"),
     {"routes": {"intramuscular"}}),
    ("knee joint", trial(summary="Stem cells injected into the knee joint cavity"),
     {"routes": {"intra-articular"}}),
    ("cartilage implantation", trial("Implantation of iPSC-derived cartilage into knee defects"),
     {"routes": {"surgical implantation"}}),
    ("aci is an implantation", trial("Autologous chondrocyte implantation in the knee"),
     {"routes": {"surgical implantation"}}),
    ("implanted is generic", trial(
        "MSC sheets implanted, then given intravenously", summary=""),
     {"routes": {"intravenous"}}),
    ("intraportal", trial("Islet transplantation into the portal vein"),
     {"routes": {"intraportal"}, "cell_types": {"pancreatic islet cells"}}),
    ("intratesticular", trial("Bone marrow MSCs injected into the testes in azoospermia"),
     {"routes": {"intratesticular"}}),
    ("ivig is no route", trial("MSCs in Kawasaki disease", summary="All received IVIG, "
                                "intravenous immunoglobulin."),
     {"routes": set()}),
    ("intravenous chinese", trial("间充质干细胞静脉输注治疗ARDS"), {"routes": {"intravenous"}}),
    # Registry forms and other languages
    ("eu form answered no", trial(
        "A tablet in type 2 diabetes",
        description="Advanced Therapy IMP (ATIMP) No\nSomatic cell therapy medicinal product No\n"
        "Tissue Engineered Product No\nRoutes of administration for this IMP: Oral use"),
     {"product_types": set()}),
    ("eu form answered yes", trial(
        "Stro3 MPC after STEMI",
        description="Somatic cell therapy medicinal product Yes\nTissue Engineered Product No\n"
        "Routes of administration for this IMP: Intracoronary use"),
     {"product_types": {"cell_therapy"}, "routes": {"intracoronary"}}),
    ("edqm cutaneous use", trial("Keratinocyte spray", description="Route: Cutaneous use"),
     {"routes": {"topical"}}),
    ("japanese adipose stem cells", trial("自己脂肪由来幹細胞を用いた変形性膝関節症の治療",
                                          summary="関節内投与"),
     {"cell_types": {MSC}, "source_tissues": {"adipose tissue"}, "donor": "autologous",
      "routes": {"intra-articular"}}),
    ("japanese prp is other", trial("自己多血小板血漿を用いた変形性膝関節症の治療"),
     {"product_types": {"other"}, "cell_types": set(), "donor": "autologous"}),
    ("japanese cultured cartilage", trial("自家培養軟骨の移植"),
     {"cell_types": {"chondrocytes"}, "donor": "autologous"}),
    ("japanese myoblast sheet", trial("ハートシートによる重症心不全の治療"),
     {"cell_types": {"skeletal muscle-derived cells"}}),
    ("japanese cd34", trial("CD34陽性細胞の下肢筋肉内投与"),
     {"cell_types": {HSPC}, "routes": {"intramuscular"}}),
    ("german", trial("Autologe mesenchymale Stammzellen aus dem Knochenmark, intrakoronar"),
     {"cell_types": {MSC}, "donor": "autologous", "routes": {"intracoronary"},
      "source_tissues": {"bone marrow"}}),
    ("journal name is no product", trial(
        "Intravenous MSCs in heart failure", summary="Published in JACC."),
     {"cell_types": {MSC}}),
    ("corneal endothelial cells", trial(
        "Cultured human corneal endothelial cell injection in bullous keratopathy"),
     {"cell_types": {"corneal endothelial cells"}}),
    ("chinese menstrual blood", trial("宫血干细胞治疗薄型子宫内膜", summary="宫腔灌注"),
     {"cell_types": {MSC}, "source_tissues": {"menstrual blood"}, "routes": {"intrauterine"}}),
    # PRP is not a cell therapy
    ("prp", trial("Autologous platelet-rich plasma injection in knee OA"),
     {"product_types": {"other"}, "cell_types": set()}),
    ("prgf", trial("Plasma rich in growth factors (PRGF) for tendinopathy"),
     {"product_types": {"other"}}),
    ("prp with msc", trial("MSCs with platelet-rich plasma in knee OA"),
     {"product_types": {"cell_therapy", "other"}, "cell_types": {MSC}}),
    # Cells a drug trial measures or protects are not given
    ("low-dose il-2 expands tregs", trial(
        "Low-dose interleukin-2 in lupus",
        summary="Low-dose IL-2 increases the frequency of regulatory T cells; Treg counts "
        "are measured."),
     {"product_types": set(), "cell_types": set()}),
    ("circulating epcs", trial(
        "Atorvastatin and circulating endothelial progenitor cells in heart failure"),
     {"product_types": set()}),
    ("nash histology", trial(
        "Resmetirom in NASH", summary="Hepatocyte ballooning and fibrosis are scored."),
     {"product_types": set()}),
    ("neuroprotection", trial(
        "Exenatide in Parkinson's disease", summary="The drug protects dopaminergic neurons."),
     {"product_types": set()}),
    ("islet autoantibodies", trial("Teplizumab in relatives with islet cell autoantibodies"),
     {"product_types": set()}),
    ("cd34 count outcome in an msc trial", trial(
        "Intravenous MSCs in heart failure", summary="Outcome: circulating CD34+ cell count."),
     {"cell_types": {MSC}}),
    ("given tregs stay given", trial(
        "Ex vivo expanded autologous regulatory T cells in type 1 diabetes"),
     {"cell_types": {"regulatory T cells"}, "donor": "autologous"}),
    # Eligibility criteria and background
    ("exclusion block", trial(
        "Pembrolizumab in melanoma",
        summary="Exclusion Criteria:\n- Prior stem cell therapy\n- Prior allogeneic transplant\n"
        "Outcome Measures\nOverall survival"),
     {"product_types": set()}),
    ("inclusion block", trial(
        "Lenalidomide maintenance",
        summary="Inclusion Criteria:\n- Candidates for autologous stem cell transplantation\n"
        "- Age 18-70\nSponsor\nA company"),
     {"product_types": set(), "donor": None}),
    ("isrctn criteria labels", trial(
        "A drug in myeloma",
        summary="Participant exclusion criteria\nPrior autologous stem cell transplantation\n"
        "Recruitment start date\n01/01/2020"),
     {"product_types": set(), "donor": None}),
    ("eu criteria sections", trial(
        "Stro3 MPC in STEMI",
        description="E.4 Principal exclusion criteria\nReceived allogeneic cells before\n"
        "E.5.1 Primary end point(s)\nIntracoronary MPC safety"),
     {"donor": None, "routes": {"intracoronary"}}),
    ("umin criteria labels", trial(
        "A drug", summary="主な除外基準/Key exclusion criteria\n自家造血幹細胞移植の既往"),
     {"product_types": set(), "donor": None}),
    ("criteria then the intervention", trial(
        "Knee osteoarthritis study",
        summary="Exclusion criteria:\n• Prior intra-articular steroid\nIntervention\n"
        "Intra-articular UC-MSCs"),
     {"product_types": {"cell_therapy"}, "routes": {"intra-articular"}}),
    ("candidates for the product", trial(
        summary="Patients who are candidates for autologous chondrocyte implantation."),
     {"cell_types": {"chondrocytes"}, "donor": "autologous"}),
    ("prior participation", trial(
        "MSCs in CKD", summary="Prior participation in any stem cell study."),
     {"cell_types": {MSC}}),
    ("prior to infusion is no negation", trial(summary="Prior to infusion, MSCs are thawed."),
     {"product_types": {"cell_therapy"}, "routes": {"intravenous"}}),
    ("one donor kind named mostly", trial(
        "MSCs in knee osteoarthritis",
        summary="Allogeneic MSCs from one donor. The allogeneic cells are banked; allogeneic "
        "doses are fixed. Earlier work used autologous cells."),
     {"donor": "allogeneic"}),
    ("two donor kinds named as often", trial(
        "MSCs in knee osteoarthritis",
        summary="Allogeneic MSCs. Allogeneic cells. Autologous cells. Autologous MSCs."),
     {"donor": None}),
    ("long title with an abbreviation", trial(
        "Autologous vs. Allogeneic Mesenchymal Stem Cells " + "in knee osteoarthritis " * 12),
     {"donor": "both"}),
    ("long title keeps its first sentence", trial(
        "膝関節軟骨損傷患者に同種iPS細胞由来軟骨を移植する治療方法の安全性を評価する。"
        + "背景" * 120 + "。既存治療は自家軟骨細胞移植である。"),
     {"donor": "allogeneic"}),
    # Routes inside an intervention's description: a joint named by its place, a misspelt word
    ("into the jaw joint", trial(interventions=(
        ("MSC", "Autologous MSCs injected into the jaw joint under local anaesthesia"),)),
     {"routes": {"intra-articular"}}),
    ("into both knee joints", trial(interventions=(
        ("MSC", "mesenchymal stem cells given into both knee joints"),)),
     {"routes": {"intra-articular"}}),
    ("into the temporomandibular joint", trial(
        "Bone marrow MSCs into the temporomandibular joint"),
     {"routes": {"intra-articular"}}),
    ("misspelt intravenously", trial(interventions=(
        ("Mesenchymal stromal cells 2 X 10E6/kg administered intrvenously over 15 minutes", ""),)),
     {"routes": {"intravenous"}}),
    ("misspelt intrathecal", trial("Intratecal autologous MSCs in ALS"),
     {"routes": {"intrathecal"}}),
    ("a long word near a route is no route", trial(
        "Interventional study of MSCs by international investigators"),
     {"routes": set()}),
    ("a joint that is not a place of injection", trial(
        "MSC infusion for pain in the knee joint", interventions=("MSC infusion",)),
     {"routes": {"intravenous"}}),
]
# fmt: on


@pytest.mark.parametrize(("parsed", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_case(parsed, expected):
    got = facets(classify(parsed))
    assert {facet: got[facet] for facet in expected} == expected


# ---------------------------------------------------------------------------------------------
# The review flag for cells of no known cell type


@pytest.mark.parametrize(
    ("parsed", "named"),
    [
        (trial("Stem cell therapy for spinal cord injury"), "stem cell therapy"),
        (trial(summary="Stem cells from another person are injected."), "stem cells"),
        (
            trial("A study in SLE", interventions=("CT1195E cell injection",)),
            "CT1195E cell injection",
        ),
        (trial("Autologous cultured cells for vitiligo"), "autologous cultured cells"),
    ],
    ids=["title", "summary", "intervention name", "qualifiers kept"],
)
def test_cells_of_no_known_type_keep_the_classification_and_are_flagged(parsed, named):
    regen, flags = classify_with_flags(parsed)
    assert "cell_therapy" in regen.product_types and not regen.cell_types
    assert [flag.code for flag in flags] == [UNMATCHED_CELL_PRODUCT]
    assert f"'{named}'" in flags[0].message


@pytest.mark.parametrize(
    "parsed",
    [
        trial("UC-MSCs in knee osteoarthritis"),
        trial("Platelet-rich plasma in tennis elbow"),
        trial("Exosomes in ARDS"),
        trial("Pembrolizumab in melanoma"),
        trial("Haploidentical HSCT in acute myeloid leukemia"),
    ],
    ids=["cell type found", "prp", "vesicles", "drug", "haematopoietic"],
)
def test_no_flag_without_unknown_cells(parsed):
    assert classify_with_flags(parsed)[1] == ()


def test_the_flag_names_chinese_and_japanese_products_without_spaces():
    _, flags = classify_with_flags(trial("干细胞治疗脊髓损伤"))
    assert "'干细胞'" in flags[0].message


def test_classify_is_the_classification_of_classify_with_flags():
    parsed = trial("Stem cell therapy for stroke", summary="intravenous infusion")
    assert classify(parsed) == classify_with_flags(parsed)[0]


def test_parse_document_adds_the_flag():
    from trials.parsers import parse_document

    page = (
        "Title: Stem cell therapy for spinal cord injury\n"
        "NCT ID: NCT01234567\n"
        "Brief Summary: Stem cells are injected intrathecally.\n"
    )
    parsed = parse_document(page)
    assert UNMATCHED_CELL_PRODUCT in {flag.code for flag in parsed.review_flags}
    assert parsed.regen.product_types == ("cell_therapy",)


# ---------------------------------------------------------------------------------------------
# Matching and the vocabulary as data


def test_match_key_spaces_chinese_and_japanese_letters():
    assert match_key("同種iPS細胞") == "同 種 i ps 細 胞"
    assert match_key("Line one\nLine two") == "line one\nline two"


def test_new_terms_fit_the_stored_columns():
    """Vocabulary rows are created on import (``VocabularyTerm.term`` is 100 characters)."""
    for terms in (CELL_TYPES, SOURCE_TISSUES, ROUTES):
        assert all(len(t.term) <= 100 and len(t.label) <= 200 for t in terms)


def test_narrower_routes_name_terms():
    terms = {t.term for t in ROUTES}
    for route, looser in NARROWER_ROUTES.items():
        assert route in terms and set(looser) <= terms


@pytest.mark.parametrize(
    ("official_title", "donor"),
    [
        (
            "A Pilot Study of a Single Infusion of Allogeneic Mesenchymal Precursor Cells",
            "allogeneic",
        ),
        ("Autologous Bone Marrow Mononuclear Cells Injected During Bypass Surgery", "autologous"),
        ("Mesenchymal Precursor Cells in Diabetic Nephropathy", None),
    ],
)
def test_the_scientific_title_is_read_like_the_public_title(official_title, donor):
    parsed = ParsedTrial(
        format="test",
        title="Cell therapy for kidney disease",
        official_title=official_title,
        interventions=(ParsedIntervention("Mesenchymal precursor cells"),),
    )
    assert classify(parsed).donor == donor


@pytest.mark.parametrize(
    ("text", "routes"),
    [
        ("administered intrvenously", {"intrvenously": "intravenous"}),
        ("an intraveneous infusion", {"intraveneous": "intravenous"}),
        ("intramuscluar injection", {"intramuscluar": "intramuscular"}),
        ("given intravenously", {}),  # spelt right: the vocabulary's own match
        ("interventional international intermittently", {}),
    ],
)
def test_misspelt_routes(text, routes):
    assert misspelt_routes(match_key(text)) == routes
