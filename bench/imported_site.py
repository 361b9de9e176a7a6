"""The benchmarks' site, built the way a user builds one: migrated, the demo content (`load_demo`),
people added one save at a time as the admin saves them, and N generated Markdown articles imported
by `import_articles`, the importer people use. Nothing else is run on it: whatever the site does
after an import (its planner statistics among it) is the site's own doing.

Shared by `make bench` (bench/site_bench.py) and bench/traffic.py; no Django here (it runs in
child processes, against the database the environment names).
"""

import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
WORDS = (
    "star seoul mars record turntable signal radio night pink sunset orbit launch music shop dream distance "
    "minute letter voice song light city bridge plaza future vinyl astronaut musician crew mission"
).split()
# The demo's people, as articles name them (Korean with a particle too), so the importer finds mentions.
NAMES = ["Kim Tae-ri", "Hong Kyung", "Han Ji-won", "Kang Hyun-joo", "V", "Nan-young", "Jay", "김태리는", "홍경이"]

PEOPLE_SCRIPT = """
import django, random, sys; django.setup()
from catalog.models import Person
words, rng = sys.argv[2].split(), random.Random(13)
for n in range(int(sys.argv[1])):
    Person(name=f"Bench Person {n}", slug=f"bench-person-{n}", bio=" ".join(rng.choices(words, k=30))).save()
"""


def manage(env, *args, **kwargs):
    return subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True, **kwargs)


def json_from_script(env: dict, script: str, *args: str):
    """What a Python script run against the site (`env`) printed as JSON on its last line."""
    out = subprocess.run(
        [PYTHON, "-c", script, *args], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def write_articles(folder: Path, count: int, *, seed: int = 11) -> None:
    """`count` Markdown files with front matter (title, date, source, two of 200 topics, address);
    about half name one of the demo's people, and every one names the film and Netflix."""
    rng = random.Random(seed)
    for n in range(count):
        title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
        topics = ", ".join(f"Topic {rng.randrange(200)}" for _ in range(2))
        paragraphs = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 80))).capitalize() + "."
            for _ in range(rng.randint(3, 6))
        ]
        if rng.random() < 0.5:
            paragraphs[0] = f"{rng.choice(NAMES)} {paragraphs[0]}"
        # As on a site about one film, every article names it and where it plays: words in every article.
        paragraphs.append("Lost in Starlight is on Netflix.")
        day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        Path(folder, f"{n:06d}.md").write_text(
            f"---\ntitle: {title} {n}\ndate: {day}\nsource: Wire {n % 50}\ntopics: [{topics}]\n"
            f"url: https://news.example/{n}\n---\n" + "\n\n".join(paragraphs) + "\n"
        )


def build(env: dict, *, articles: int, people: int = 0) -> None:
    """Fill the empty database that `env` names: migrate, demo, `people` people, `articles` articles."""
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "load_demo", stdout=subprocess.DEVNULL)
    if people:
        subprocess.run([PYTHON, "-c", PEOPLE_SCRIPT, str(people), " ".join(WORDS)], env=env, cwd=ROOT, check=True)
    if articles:
        with tempfile.TemporaryDirectory() as folder:
            write_articles(Path(folder), articles)
            manage(env, "import_articles", folder, "--publish", stdout=subprocess.DEVNULL)
