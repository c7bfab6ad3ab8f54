"""Visitors of the public catalogue, for `benchmarks/load_test.py` (locust, headless).

The mix (by task weight): 40% filtered lists, 30% searches, 25% trial pages, 5% deep pages
of the list. Each simulated visitor waits 1-3 s between pages, as a reader does. Trial ids
are those `manage.py generate_trials N` writes (NCT90000000 onwards); set TRIAL_COUNT to N.
"""

import os
import random
from urllib.parse import urlencode

from locust import HttpUser, between, task

TRIAL_COUNT = int(os.environ.get("TRIAL_COUNT", "100000"))
PAGES = 400  # the list stops at 10,000 results, 25 a page

FILTERS = {
    "status": ["recruiting", "completed", "not_yet_recruiting", "active_not_recruiting",
               "terminated", "unknown"],
    "phase": ["1", "2", "3", "early_1"],
    "country": ["US", "CN", "ES", "IR", "KR", "FR", "DE", "JP", "BR", "IN"],
    "cell_type": ["mesenchymal stromal cells", "regulatory T cells", "chondrocytes",
                  "neural stem cells", "stromal vascular fraction", "limbal stem cells"],
    "condition_area": ["musculoskeletal", "cardiovascular", "neurological", "skin_wounds",
                       "autoimmune_inflammatory", "eye"],
    "donor": ["autologous", "allogeneic"],
    "route": ["intravenous", "intra-articular", "intrathecal", "topical"],
}  # fmt: skip
SEARCHES = [
    "mesenchymal", "knee osteoarthritis", "\"spinal cord injury\"", "stroke", "exosomes",
    "heart failure", "diabetes", "graft versus host", "cartilage", "psoriasis",
    "limbal", "umbilical cord", "bone marrow -placebo", "Crohn", "wound healing",
]  # fmt: skip


def filtered_query() -> dict[str, object]:
    names = random.sample(sorted(FILTERS), k=random.choice((1, 1, 2, 2, 3)))
    query: dict[str, object] = {name: random.choice(FILTERS[name]) for name in names}
    if random.random() < 0.2:
        query["sort"] = random.choice(["enrollment", "title", "updated"])
    if random.random() < 0.3:
        query["page"] = random.randint(2, 5)
    return query


class Visitor(HttpUser):
    wait_time = between(1, 3)

    @task(40)
    def filtered_list(self):
        self.client.get("/trials/?" + urlencode(filtered_query()), name="list (filtered)")

    @task(30)
    def search(self):
        query = {"q": random.choice(SEARCHES)}
        if random.random() < 0.3:
            name = random.choice(sorted(FILTERS))
            query[name] = random.choice(FILTERS[name])
        self.client.get("/trials/?" + urlencode(query), name="search")

    @task(25)
    def detail(self):
        public_id = f"NCT{90000000 + random.randrange(TRIAL_COUNT):08d}"
        self.client.get(f"/trials/{public_id}/", name="detail")

    @task(5)
    def deep_page(self):
        self.client.get(f"/trials/?page={random.randint(100, PAGES)}", name="deep page")
