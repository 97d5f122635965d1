"""What readers of the archive do, in proportions a county office might: browse and filter lists, search,
open reports, export, call the API. Each simulated reader sends on average one request a second, at random
moments (bench/load/arrivals.py), so USERS readers offer USERS requests a second and the figures say
whether the archive keeps up.

Run by `python manage.py loadtest`, which passes the ids to open in ARCHIVE_LOAD_REPORTS/TOWNSHIPS.
"""

import os
import random
import time

from locust import FastHttpUser, task

from bench.load.arrivals import poisson_arrivals  # Locust runs with the project as its working directory

WORDS = ["党建", "乡村振兴", "干部", "招商引资", "人居环境", "疫情防控", "集体经济", "作风", "嘎查", "软弱涣散"]
QUERIES = [*WORDS, "招商引资 营商环境", '"两个维护"', "党建 -疫情", "人居环境 OR 生态", "基层党组织建设"]
YEARS = list(range(2016, 2025))
REPORTS = [int(n) for n in os.environ.get("ARCHIVE_LOAD_REPORTS", "1").split(",") if n]
TOWNSHIPS = [int(n) for n in os.environ.get("ARCHIVE_LOAD_TOWNSHIPS", "1").split(",") if n]


class Reader(FastHttpUser):  # the lighter client: Locust shares the two cores with the server
    wait_time = poisson_arrivals(1)

    def on_start(self):
        """The first request comes at a random moment too, not the instant Locust starts the reader."""
        time.sleep(self.wait_time())

    @task(6)
    def search(self):
        params = {"q": random.choice(QUERIES)}
        if random.random() < 0.3:
            params["year"] = str(random.choice(YEARS))
        self.client.get("/search/", params=params, name="/search/")

    @task(5)
    def report(self):
        self.client.get(f"/reports/{random.choice(REPORTS)}/", name="/reports/[id]/")

    @task(3)
    def reports_list(self):
        params = {"year": str(random.choice(YEARS))} if random.random() < 0.5 else {}
        if random.random() < 0.3:
            params["page"] = str(random.randint(2, 20))
        self.client.get("/reports/", params=params, name="/reports/")

    @task(3)
    def issues_list(self):
        params = {"q": random.choice(WORDS)} if random.random() < 0.5 else {}
        self.client.get("/issues/", params=params, name="/issues/")

    @task(2)
    def home(self):
        self.client.get("/", name="/")

    @task(1)
    def township(self):
        self.client.get(f"/townships/{random.choice(TOWNSHIPS)}/", name="/townships/[id]/")

    @task(1)
    def trends(self):
        self.client.get("/trends/", params={"q": " ".join(random.sample(WORDS, 2))}, name="/trends/")

    @task(1)
    def api(self):
        self.client.get("/api/search", params={"q": random.choice(QUERIES)}, name="/api/search")

    @task(1)
    def export(self):
        self.client.get(
            "/reports/", params={"format": "csv", "year": str(random.choice(YEARS))}, name="/reports/?format=csv"
        )
