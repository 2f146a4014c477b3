"""Readers browsing, filtering and searching the archive (see loadtest/run.sh).

Every request is sent as the TLS proxy would forward it (X-Forwarded-Proto: https).
"""

import random

from locust import HttpUser, between, task

QUERIES = ["nhân quyền", "nhan quyen", "vinh phuc", "Nguyễn Văn Kỷ", "tap huan", "hoa binh"]


class Reader(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self):
        self.client.headers["X-Forwarded-Proto"] = "https"
        # Filter by the provinces and years the archive has (others are a 400 by design).
        answer = self.client.get("/api/conferences/?page_size=100", name="/api/conferences/")
        rows = answer.json()["results"]
        self.conferences = [c["slug"] for c in rows]
        self.provinces = sorted({c["province"]["slug"] for c in rows if c["province"]})
        self.years = sorted({c["date"]["date"][:4] for c in rows if c["date"]["date"]})

    @task(3)
    def home(self):
        self.client.get("/")

    @task(4)
    def conference_list(self):
        params = {"province": random.choice(self.provinces), "year": random.choice(self.years)}
        self.client.get(
            "/conferences/", params=random.choice([{}, params]), name="/conferences/?filters"
        )

    @task(4)
    def conference(self):
        slug = random.choice(self.conferences)
        self.client.get(f"/conferences/{slug}/", name="/conferences/[slug]/")

    @task(3)
    def search(self):
        self.client.get("/search/", params={"q": random.choice(QUERIES)}, name="/search/?q")

    @task(1)
    def officials(self):
        self.client.get("/officials/")

    @task(1)
    def api_search(self):
        self.client.get(
            "/api/conferences/", params={"q": random.choice(QUERIES)}, name="/api/conferences/?q"
        )
