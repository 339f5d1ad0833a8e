"""`make bench`: the Django side of the benchmark, run by bench/run.py in subprocesses.

Each subcommand runs with the same environment (settings, database, Redis) as the server
under test and prints one JSON object on stdout:

- prepare:  residents, their sessions (created directly, no password hashing), attempts,
            and the request files the wrk scripts read (the answer post's: one per round).
- pages:    queries and bytes per learner page (Django's test client against the same
            database), a short cProfile of the step page and the answer post, and the
            in-process time of a SCORM export.
- answers:  how many answers the answer-post measurement stored.
- scenario: the exactly-once check of the synchronized start scenario.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import string
import sys
import time
from datetime import timedelta
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.contrib.sessions.models import Session  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402

from caseapp.attempts import record_answer, start_attempt  # noqa: E402
from caseapp.demo import DEMO_SLUG  # noqa: E402
from caseapp.models import Answer, Attempt, Case  # noqa: E402

SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
ALNUM = string.ascii_letters + string.digits
# The backend a password sign-in goes through (django-axes' own backend only guards it).
BACKEND = next(
    (b for b in settings.AUTHENTICATION_BACKENDS if not b.startswith("axes.")),
    "django.contrib.auth.backends.ModelBackend",
)

# Usernames of each pool; every learner of the benchmark is a plain user (a resident).
SCENARIO = "bench-scn-"  # the synchronized-start residents: no attempt before the scenario
PAGE = "bench-page-"  # per-page GETs: one finished attempt and one open attempt at step 1
ANSWER = "bench-ans-"  # answer posts: one fresh attempt each, two first answers per attempt
PROBE = "bench-probe-"  # the test-client measurements (queries, bytes, profile)


def demo_case() -> Case:
    return Case.objects.published().get(slug=DEMO_SLUG)


def make_learners(prefix: str, count: int) -> list[User]:
    """Residents with unusable passwords (no hashing: sign-in is not what is measured)."""
    users = [User(username=f"{prefix}{i:05d}", password=make_password(None)) for i in range(count)]
    User.objects.bulk_create(users, batch_size=1000)
    return list(User.objects.filter(username__startswith=prefix).order_by("username"))


def sign_in(users: list[User]) -> list[tuple[str, str]]:
    """A session per user, made with the session store as a sign-in would, and a CSRF secret.

    Sessions are written in bulk to the database; the cached_db engine fills Redis on first
    read, as it does for any session the cache has not seen yet.
    """
    expire = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    rows, out = [], []
    for user in users:
        store = SessionStore()
        key = store._get_new_session_key()
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: BACKEND,
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expire))
        out.append((key, get_random_string(32, ALNUM)))
    Session.objects.bulk_create(rows, batch_size=1000)
    return out


def correct_response(question: dict) -> dict:
    """A right answer built from the version's answer data (to finish attempts quickly)."""
    data, kind = question["data"], question["type"]
    if kind == "single":
        return {"choice": next(o["id"] for o in data["options"] if o["correct"])}
    if kind == "multiple":
        return {"choices": [o["id"] for o in data["options"] if o["correct"]]}
    if kind == "text":
        return {"text": data["accepted"][0]}
    if kind == "numeric":
        return {"value": data["target"]}
    if kind == "ordering":
        return {"order": list(data["correct_order"])}
    if kind == "matching":
        return {"pairs": {p["id"]: p["correct"] for p in data["premises"]}}
    if kind == "hotspot":
        region = data["regions"][0]
        if region["shape"] == "ellipse":
            point = [region["cx"], region["cy"]]
        elif region["shape"] == "rect":
            point = [region["x"] + region["w"] / 2, region["y"] + region["h"] / 2]
        else:
            xs, ys = zip(*region["points"], strict=True)
            point = [sum(xs) / len(xs), sum(ys) / len(ys)]
        return {"points": [point]}
    raise ValueError(f"no response for {kind}")


def finish_attempt(user: User, case: Case) -> Attempt:
    attempt = start_attempt(learner=user, case=case)
    for step in attempt.version.content["steps"]:
        for question in step["questions"]:
            record_answer(
                attempt=attempt, question_key=question["key"], response=correct_response(question)
            )
    assert attempt.completed_at is not None
    return attempt


def cookie(session_key: str, csrf: str) -> str:
    return f"{settings.SESSION_COOKIE_NAME}={session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"


def write_requests(path: Path, rows: list[tuple]) -> None:
    """One request a line, tab-separated: method, path, cookie, CSRF token, body, htmx flag."""
    with path.open("w") as out:
        for row in rows:
            assert not any("\t" in str(field) or "\n" in str(field) for field in row)
            out.write("\t".join(str(field) for field in row) + "\n")


def prepare(args) -> dict:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    case = demo_case()
    content = case.published_version.content
    step1 = content["steps"][0]
    questions = [q for q in step1["questions"]]
    assert len(questions) >= 1 and all(q["type"] == "single" for q in questions), questions
    options = [[o["id"] for o in q["data"]["options"]] for q in questions]

    # Per-page learners: a finished attempt (summary) and an open one at step 1 (step page).
    page_users = make_learners(PAGE, args.page_learners)
    page_sessions = sign_in(page_users)
    open_attempts, done_attempts = [], []
    for user in page_users:
        done_attempts.append(finish_attempt(user, case).pk)
        open_attempts.append(start_attempt(learner=user, case=case).pk)

    # Answer posts: one fresh attempt per learner; every request is a first answer.
    answer_users = make_learners(ANSWER, args.answer_attempts)
    answer_sessions = sign_in(answer_users)
    answer_attempts = [start_attempt(learner=user, case=case) for user in answer_users]

    # The scenario's residents: signed in, nothing started.
    scenario_users = make_learners(SCENARIO, args.learners)
    scenario_sessions = sign_in(scenario_users)

    # The test-client probe: one learner for page counts, more for the answer profile.
    probe_users = make_learners(PROBE, 1 + 2 * args.profile_requests)
    probe_sessions = sign_in(probe_users)
    for user in probe_users[1:]:
        start_attempt(learner=user, case=case)
    finish_attempt(probe_users[0], case)

    image = content["steps"][1]["images"][0] if content["steps"][1]["images"] else None
    image = image or next(i for s in content["steps"] for i in s["images"])
    rendition = min(image["renditions"], key=lambda r: r["width"]) if image["renditions"] else image
    media_path = "/" + settings.MEDIA_URL.strip("/") + "/" + rendition["name"]

    from django.contrib.staticfiles.storage import staticfiles_storage

    css_path = staticfiles_storage.url("caseapp/caseapp.css")

    page_cookies = [cookie(k, c) for k, c in page_sessions]
    files = {
        "baseline": [("GET", "/bench/baseline/", ck, "", "", "") for ck in page_cookies],
        "static": [("GET", css_path, ck, "", "", "") for ck in page_cookies],
        "image": [("GET", media_path, ck, "", "", "") for ck in page_cookies],
        "catalogue": [("GET", "/", ck, "", "", "") for ck in page_cookies],
        "step": [
            ("GET", f"/attempts/{a}/steps/1/", ck, "", "", "")
            for a, ck in zip(open_attempts, page_cookies, strict=True)
        ],
        "summary": [
            ("GET", f"/attempts/{a}/summary/", ck, "", "", "")
            for a, ck in zip(done_attempts, page_cookies, strict=True)
        ],
    }
    # Each round of the answer post has attempts of its own (a post is sent once, ever): the
    # attempts are shared out into one file per round. In each file every attempt's first
    # question comes first, then every attempt's second: one attempt's two answers are far
    # apart, so they are not posted at the same moment.
    answers = list(enumerate(zip(answer_attempts, answer_sessions, strict=True)))
    per_round = len(answers) // args.answer_rounds
    answer_slots = 0
    for r in range(args.answer_rounds):
        rows = []
        for n, question in enumerate(questions):
            for i, (attempt, (key, csrf)) in answers[r * per_round : (r + 1) * per_round]:
                choice = options[n][(i + n) % len(options[n])]
                rows.append(
                    (
                        "POST",
                        f"/attempts/{attempt.pk}/questions/{question['key']}/answer/",
                        cookie(key, csrf),
                        csrf,
                        f"choice={choice}",  # as the form sends it
                        "1",
                    )
                )
        files[f"answer-{r + 1}"] = rows
        answer_slots += len(rows)
    # Before answering, each of those residents opens the step, as in a browser: their
    # session and user are then in Redis when they answer (the warm-up sends these).
    files["answer_warm"] = [
        ("GET", f"/attempts/{attempt.pk}/steps/1/", cookie(key, csrf), "", "", "")
        for attempt, (key, csrf) in zip(answer_attempts, answer_sessions, strict=True)
    ]
    for name, rows in files.items():
        write_requests(out / f"{name}.tsv", rows)

    # The scenario's learners: session, CSRF and the options to choose for step 1.
    with (out / "scenario.tsv").open("w") as handle:
        for i, (key, csrf) in enumerate(scenario_sessions):
            answers = [
                f"{q['key']}={options[n][(i + n) % len(options[n])]}"
                for n, q in enumerate(questions)
            ]
            handle.write("\t".join([str(i), key, csrf, ",".join(answers)]) + "\n")

    probes = [[u.pk, key] for u, (key, _csrf) in zip(probe_users, probe_sessions, strict=True)]
    (out / "probe.json").write_text(json.dumps(probes))

    meta = {
        "case_id": case.pk,
        "version_id": case.published_version_id,
        "step1_questions": [q["key"] for q in questions],
        "media_path": media_path,
        "media_bytes": (Path(settings.MEDIA_ROOT) / rendition["name"]).stat().st_size,
        "static_path": css_path,
        "page_learners": len(page_users),
        "answer_attempts": len(answer_attempts),
        "answer_rounds": args.answer_rounds,
        "answer_slots": answer_slots,
        "answer_slots_per_round": answer_slots // args.answer_rounds,
        "scenario_learners": len(scenario_users),
        "prepare_seconds": round(time.perf_counter() - started, 2),
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2))
    return meta


def _client(session_key: str) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client


def _count(client: Client, method: str, path: str, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(path, **extra)
    return response, len(queries)


ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')


class Breakdown:
    """Where a request's time goes in process: queries, cache (sessions), templates, the rest.

    Plain timers around the database cursor, the cache backend and the outermost template
    render; no profiler, so the numbers are the real ones (the rest is middleware, the view's
    own Python and the test client).
    """

    def __init__(self):
        self.db = self.cache = self.template = 0.0
        self.queries = 0
        self._depth = 0

    def __enter__(self):
        from django.core.cache import caches
        from django.template.base import Template

        self._patches = []
        backend = type(caches["default"])
        names = ("get", "get_with_pointed", "set", "add", "delete", "get_many", "set_many", "touch")
        for name in (*names, "has_key"):
            if hasattr(backend, name):
                self._patch(backend, name, "cache")
        self._patch(Template, "render", "template", outermost=True)
        self._db = connection.execute_wrapper(self._execute)
        self._db.__enter__()
        return self

    def _patch(self, owner, name, bucket, outermost=False):
        original = getattr(
            owner, name, None
        )  # perhaps inherited (caseapp.speed.redis_cache.RedisCache)
        if original is None:
            return
        own = name in owner.__dict__
        timer = self

        def timed(*args, **kwargs):
            if outermost:
                timer._depth += 1
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                if outermost:
                    timer._depth -= 1
                if not outermost or timer._depth == 0:
                    setattr(timer, bucket, getattr(timer, bucket) + time.perf_counter() - started)

        setattr(owner, name, timed)
        self._patches.append((owner, name, original if own else None))

    def _execute(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.db += time.perf_counter() - started
            self.queries += 1

    def __exit__(self, *exc):
        self._db.__exit__(*exc)
        for owner, name, original in self._patches:
            if original is None:
                delattr(owner, name)  # the inherited method shows through again
            else:
                setattr(owner, name, original)


def _breakdown(calls) -> dict:
    with Breakdown() as timer:
        started = time.perf_counter()
        for call in calls:
            call()
        total = time.perf_counter() - started
    n = len(calls)

    def ms(seconds):
        return round(seconds * 1000 / n, 2)

    return {
        "requests": n,
        "total_ms": ms(total),
        "queries_ms": ms(timer.db),
        "cache_ms": ms(timer.cache),
        "template_ms": ms(timer.template),
        "rest_ms": ms(total - timer.db - timer.cache - timer.template),
        "queries": round(timer.queries / n, 1),
    }


def _profile(label: str, calls) -> dict:
    """A cProfile look: the functions with the most own time (profiler overhead included)."""
    profiler = cProfile.Profile()
    profiler.enable()
    for call in calls:
        call()
    profiler.disable()
    stats = pstats.Stats(profiler, stream=io.StringIO())
    rows = []
    for (filename, line, func), (_cc, nc, tt, ct, _callers) in sorted(
        stats.stats.items(), key=lambda item: item[1][2], reverse=True
    )[:15]:
        where = re.sub(r".*/site-packages/", "", filename.replace(str(ROOT) + "/", ""))
        rows.append(
            {
                "function": f"{where}:{line}({func})",
                "calls_per_request": round(nc / len(calls), 1),
                "own_ms_per_request": round(tt * 1000 / len(calls), 3),
                "cumulative_ms_per_request": round(ct * 1000 / len(calls), 3),
            }
        )
    return {"label": label, "requests": len(calls), "top_by_own_time": rows}


def pages(args) -> dict:
    case = demo_case()
    content = case.published_version.content
    questions = content["steps"][0]["questions"]
    probes = json.loads((Path(args.data) / "probe.json").read_text())
    sessions = {user_id: key for user_id, key in probes}
    users = User.objects.in_bulk([user_id for user_id, _key in probes])
    probe, others = users[probes[0][0]], [users[user_id] for user_id, _key in probes[1:]]
    client = _client(sessions[probe.pk])
    done = Attempt.objects.get(learner=probe, completed_at__isnull=False)
    result = {"queries": {}, "bytes": {}, "status": {}}

    def measure(label, method, path, **extra):
        response, count = _count(client, method, path, **extra)
        result["queries"][label] = count
        result["bytes"][label] = len(response.content)
        result["status"][label] = response.status_code
        return response

    # Warm the session cache first (cached_db: the first request reads it from the database).
    client.get("/")
    measure("catalogue", "get", "/")
    response = client.post(f"/cases/{case.pk}/start/")
    result["status"]["start"] = response.status_code
    attempt = Attempt.objects.get(learner=probe, completed_at__isnull=True)
    step_path = f"/attempts/{attempt.pk}/steps/1/"
    step_page = measure("step", "get", step_path).content.decode()
    n = args.profile_requests
    # The step page as wrk sees it (nothing answered yet), before the probe answers on it.
    for _ in range(20):
        client.get(step_path)
    unanswered = {
        "breakdown": _breakdown([lambda: client.get(step_path)] * n),
        "profile": _profile("step page GET", [lambda: client.get(step_path)] * n),
    }
    choice = questions[0]["data"]["options"][0]["id"]
    # What the answer form sends: the choice.
    answer_form = {"choice": choice}
    measure(
        "answer",
        "post",
        f"/attempts/{attempt.pk}/questions/{questions[0]['key']}/answer/",
        data=answer_form,
        HTTP_HX_REQUEST="true",
    )
    summary_path = f"/attempts/{done.pk}/summary/"
    measure("summary", "get", summary_path)
    measure("baseline", "get", "/bench/baseline/")
    result["content_json_bytes"] = len(json.dumps(content))
    # What a first visit downloads besides the HTML and images: the page's CSS and scripts.
    assets, assets_gzip = 0, 0
    for url in sorted(set(ASSET.findall(step_page))):
        assets += len(b"".join(Client(HTTP_HOST="127.0.0.1").get(url).streaming_content))
        gz = Client(HTTP_HOST="127.0.0.1").get(url, HTTP_ACCEPT_ENCODING="gzip")
        assets_gzip += len(b"".join(gz.streaming_content))
    result["bytes"]["step_css_js"] = assets
    result["bytes"]["step_css_js_gzip"] = assets_gzip

    # Answer posts need a fresh attempt each: one per probe learner, half for each look.
    fresh = Attempt.objects.filter(learner__in=others, completed_at__isnull=True)
    attempts_by_learner = {a.learner_id: a.pk for a in fresh}
    answer_calls = []
    for user in others:
        user_client = _client(sessions[user.pk])
        path = f"/attempts/{attempts_by_learner[user.pk]}/questions/{questions[0]['key']}/answer/"
        user_client.get("/")  # the session is in the cache by then, as after a page view
        answer_calls.append(
            lambda c=user_client, p=path: c.post(p, answer_form, HTTP_HX_REQUEST="true")
        )
    half = len(answer_calls) // 2
    measure("step_answered", "get", step_path)
    result["breakdown"] = {
        "baseline": _breakdown([lambda: client.get("/bench/baseline/")] * n),
        "catalogue": _breakdown([lambda: client.get("/")] * n),
        "step": unanswered["breakdown"],
        # The same page once a question on it is answered: the learner's review shows, so it
        # is rendered for them rather than taken from the version's cached copy.
        "step_answered": _breakdown([lambda: client.get(step_path)] * n),
        "summary": _breakdown([lambda: client.get(summary_path)] * n),
        "answer": _breakdown(answer_calls[:half]),
    }
    result["profile"] = [
        unanswered["profile"],
        _profile("answer POST (htmx)", answer_calls[half:]),
    ]

    # SCORM 2004 export of the demo, in process (the command's own time is taken by run.py).
    from caseapp.scorm.package import build_package

    buffer = io.BytesIO()
    started = time.perf_counter()
    build_package(Case.objects.select_related("published_version").get(pk=case.pk), "2004", buffer)
    result["scorm_in_process_seconds"] = round(time.perf_counter() - started, 3)
    result["scorm_in_process_bytes"] = buffer.tell()
    return result


def answers(args) -> dict:
    stored = Answer.objects.filter(attempt__learner__username__startswith=ANSWER).count()
    attempts = Attempt.objects.filter(learner__username__startswith=ANSWER)
    return {"stored": stored, "completed_attempts": attempts.exclude(completed_at=None).count()}


def scenario(args) -> dict:
    """Every acknowledged answer (200 to its post) is stored exactly once, and nothing else."""
    acknowledged: dict[tuple[int, str], int] = {}
    for path in sorted(Path(args.logs).glob("scenario-*.tsv")):
        for line in path.read_text().splitlines():
            fields = line.split("\t")
            if len(fields) < 8 or not fields[2].startswith("answer"):
                continue
            status, attempt, question = int(fields[3]), fields[6], fields[7]
            if status == 200 and attempt:
                pair = (int(attempt), question)
                acknowledged[pair] = acknowledged.get(pair, 0) + 1
    stored = {
        (row["attempt_id"], row["question_key"]): row["n"]
        for row in Answer.objects.filter(attempt__learner__username__startswith=SCENARIO)
        .values("attempt_id", "question_key")
        .annotate(n=Count("id"))
    }
    acked_missing = [p for p in acknowledged if stored.get(p, 0) == 0]
    acked_twice_stored = [p for p in acknowledged if stored.get(p, 0) > 1]
    acked_twice = [p for p, n in acknowledged.items() if n > 1]
    unacknowledged = [p for p in stored if p not in acknowledged]
    attempts_per_learner = (
        Attempt.objects.filter(learner__username__startswith=SCENARIO)
        .values("learner_id")
        .annotate(n=Count("id"))
    )
    learners = User.objects.filter(username__startswith=SCENARIO).count()
    return {
        "acknowledged": len(acknowledged),
        "stored_answers": sum(stored.values()),
        "stored_pairs": len(stored),
        "acknowledged_not_stored": len(acked_missing),
        "acknowledged_stored_more_than_once": len(acked_twice_stored),
        "acknowledged_twice": len(acked_twice),
        "stored_not_acknowledged": len(unacknowledged),
        "exactly_once": not acked_missing and not acked_twice_stored and not acked_twice,
        "learners": learners,
        "learners_with_one_attempt": sum(1 for r in attempts_per_learner if r["n"] == 1),
        "learners_with_several_attempts": sum(1 for r in attempts_per_learner if r["n"] > 1),
        "completed_step1": Attempt.objects.filter(learner__username__startswith=SCENARIO)
        .annotate(n=Count("answers"))
        .filter(n__gte=2)
        .count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--out", required=True)
    p.add_argument("--learners", type=int, default=1000)
    p.add_argument("--page-learners", type=int, default=64)
    p.add_argument("--answer-attempts", type=int, default=3000)
    p.add_argument("--answer-rounds", type=int, default=1, help="one request file per round")
    p.add_argument("--profile-requests", type=int, default=100)
    p = sub.add_parser("pages")
    p.add_argument("--data", required=True)
    p.add_argument("--profile-requests", type=int, default=100)
    sub.add_parser("answers")
    p = sub.add_parser("scenario")
    p.add_argument("--logs", required=True)
    args = parser.parse_args()
    result = {"prepare": prepare, "pages": pages, "answers": answers, "scenario": scenario}[
        args.command
    ](args)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
