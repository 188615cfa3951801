"""The benchmark's sections: what each one measures into the results (run by bench/run.py)."""

from __future__ import annotations

from bench.context import Context, progress, quiet_rasa

# Sections serving a reference bot: bench/run.py notes their failure and goes on.
OPTIONAL_SECTIONS = frozenset({"stock", "baseline"})


def run_nlu(context: Context, results: dict) -> None:
    """Measure our model's NLU quality and parse latency, and both baselines, like for like."""
    from bench.nlu import EvalData, evaluate_model, evaluate_rasa_default, evaluate_tfidf_baseline

    quiet_rasa()
    config = context.config
    data = EvalData.load(config.clinc_limit)
    progress("nlu: our model on dev, test and CLINC")
    results["nlu"], results["nlu_parse_ms"] = evaluate_model(
        context.served_model(), parse_runs=config.runs, data=data
    )
    progress("nlu: TF-IDF + logistic regression baseline")
    results["baseline"]["tfidf_logreg"] = evaluate_tfidf_baseline(data=data)
    if config.rasa_default:
        progress("nlu: Rasa default pipeline (trained once per data and config, then cached)")
        results["baseline"]["rasa_default"] = evaluate_rasa_default(data=data)
    else:
        results["notes"].append("rasa_default baseline not trained (--quick)")


def run_serving(context: Context, results: dict) -> None:
    """Measure REST latency, throughput and then both servers' memory on a running stack."""
    from bench.memory import group_rss_mb
    from bench.serving import measure_serving
    from bench.stack import bench_settings, rest_url
    from bot.cli.runtime import Stack

    settings = bench_settings(context.workdir / "serving", kb_path=context.knowledge_base())
    stack = Stack(settings, context.served_model(), with_chat_page=False)
    stack.start()
    try:
        results.update(
            measure_serving(
                rest_url(settings),
                levels=context.config.students,
                runs=context.config.runs,
                conversations=context.config.conversations,
            )
        )
        # All Rasa processes together (one per usable core, behind the router when several).
        results["rss_mb"] = {
            "rasa": sum(group_rss_mb(rasa.process.pid) for rasa in stack.rasa_servers),
            "rasa_processes": len(stack.rasa_servers),
            "actions": group_rss_mb(stack.actions.process.pid),
        }
        if stack.router is not None:
            results["rss_mb"]["router"] = group_rss_mb(stack.router.process.pid)
    finally:
        stack.stop()


def run_startup(context: Context, results: dict) -> None:
    """Measure seconds from process start to the first answered REST message."""
    from bench.startup import measure_ready

    results["ready_s"] = measure_ready(
        context.workdir / "startup",
        kb_path=context.knowledge_base(),
        model=context.served_model(),
        runs=context.config.runs,
    )


def run_train(context: Context, results: dict) -> None:
    """Measure `rasa train` from clean into a scratch models folder."""
    from bench.startup import measure_training

    results["train_s"] = measure_training(
        context.workdir / "train", kb_path=context.knowledge_base(), runs=context.config.runs
    )


def run_kb(context: Context, results: dict) -> None:
    """Measure knowledge-base build time for the shipped and the generated pages."""
    from bench.kb_build import measure_kb_build

    results["kb_build_s"] = measure_kb_build(
        context.workdir / "kb", generated=context.config.generated_pages, runs=context.config.runs
    )


def run_transcripts(context: Context, results: dict) -> None:
    """Measure the transcript report on synthetic conversations, cold and warm."""
    from bench.transcripts import measure_transcripts_report

    results["transcripts_report_s"] = measure_transcripts_report(
        context.workdir / "transcripts",
        conversations=context.config.transcript_conversations,
        runs=context.config.runs,
    )


def _reference_load(context: Context):
    """Return the load every reference bot gets: our levels and conversations, one run each."""
    from bench.serving import measure_serving

    def measure(url: str) -> dict:
        return measure_serving(url, levels=context.config.students, runs=1,
                               conversations=context.config.conversations)  # fmt: skip

    return measure


def run_stock(context: Context, results: dict) -> None:
    """Serve a stock `rasa init` bot (same custom action) under our load: the speed reference."""
    from bench.reference import serve_stock

    progress("stock: training the stock bot if not cached, then the same load as ours")
    results["stock_bot"] = serve_stock(
        context.workdir / "stock", kb_path=context.knowledge_base(),
        measure=_reference_load(context),
    )  # fmt: skip


def run_baseline(context: Context, results: dict) -> None:
    """Serve the baseline commit (bench/baseline.txt) under the same load."""
    from bench.reference import serve_baseline

    progress("baseline: checking out, building and training the baseline commit if not cached")
    results["baseline_commit"] = serve_baseline(
        context.workdir / "baseline", measure=_reference_load(context)
    )


def run_felt(context: Context, results: dict) -> None:
    """Latency by conversation length and under open-loop load: ours, stock and baseline."""
    from bench.felt_bots import measure_felt_bots

    progress("felt: one long conversation, then open-loop rates, for each bot in turn")
    results["felt"] = measure_felt_bots(context)


def run_answers(context: Context, results: dict) -> None:
    """Score the student question bank's test split through the stack (eval/questions/)."""
    from bench.answers_runner import evaluate_answers, headline

    results["answers"] = headline(evaluate_answers(
        "test", workdir=context.workdir / "answers", kb_path=context.knowledge_base(),
        model=context.served_model()))  # fmt: skip


def run_pages(context: Context, results: dict) -> None:
    """Score the builder's facts on the unseen pages of eval/pages (see bench/pages.py)."""
    from bench.pages import score_split, summary_line

    results["pages"] = {split: score_split(split) for split in ("dev", "test")}
    for scores in results["pages"].values():
        print(f"[bench] pages {summary_line(scores)}", flush=True)


RUNNERS = {
    "nlu": run_nlu,
    "serving": run_serving,
    "startup": run_startup,
    "train": run_train,
    "kb": run_kb,
    "transcripts": run_transcripts,
    "stock": run_stock,
    "baseline": run_baseline,
    "felt": run_felt,
    "answers": run_answers,
    "pages": run_pages,
}
