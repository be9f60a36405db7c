"""Progress at a glance: what is due, retention, words by status, and two terminal charts —
reviews per day and known words over the last 30 days (Plotext, through textual-plotext).

The figures are `review.stats.compute_stats` on the App's Store: a few small queries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual_plotext import PlotextPlot

from studyterm.review.stats import Stats, compute_stats

if TYPE_CHECKING:
    from studyterm.tui.app import StudyApp

__all__ = ["StatsScreen", "stats_text"]


def stats_text(st: Stats) -> str:
    """The figures above the charts, as plain lines."""
    retention = (
        f"{st.retention:.0%} of {st.retention_reviews} reviews"
        if st.retention is not None
        else "– (no review past the learning steps yet)"
    )
    words = "   ".join(f"{s} {n}" for s, n in st.statuses.items())
    words += "   (learning by stage " + " · ".join(f"{k}: {n}" for k, n in st.stages.items()) + ")"
    return (
        f"Due today {st.due_today}  ·  this week {st.due_week}  ·  new waiting "
        f"{st.new_waiting}  ·  under review {st.under_review}\n"
        f"Retention {retention}\n"
        f"Words: {words}"
    )


class StatsScreen(Screen[None]):
    """Review statistics and charts."""

    HELP_TITLE = "Progress"
    CSS_PATH = "../review.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape", "leave", "Back", id="stats.back", tooltip="Back to where you were"),
    ]

    @property
    def study_app(self) -> StudyApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static("Progress", id="review-header", markup=False)
        yield Static("", id="stats-figures", markup=False)
        with Horizontal(id="stats-charts"):
            yield PlotextPlot(id="stats-reviews")
            yield PlotextPlot(id="stats-known")
        yield Footer()

    def on_mount(self) -> None:
        from studyterm.review.scheduling import utc_now

        st = compute_stats(self.study_app.store, utc_now())
        self.query_one("#stats-figures", Static).update(stats_text(st))
        days = list(range(-len(st.reviews_per_day) + 1, 1))  # days ago: stable labels
        ticks = [float(d) for d in ([days[0], *range(-20, 1, 10)] if len(days) > 20 else days)]
        for widget_id, title, values in (
            ("#stats-reviews", "Reviews a day (last 30 days)", [n for _, n in st.reviews_per_day]),
            ("#stats-known", "Known words", [n for _, n in st.known_over_time]),
        ):
            plt = self.query_one(widget_id, PlotextPlot).plt
            if widget_id == "#stats-reviews":
                plt.bar(days, values)
            else:
                plt.plot(days, values, marker="braille")
            plt.title(title)
            plt.xlabel("days ago")
            # fixed ticks: Plotext's own choice moves with the width
            plt.xticks(ticks, [f"{t:g}" for t in ticks])
            top = max(1, *values)
            plt.ylim(0, top)
            step = max(1, -(-top // 5))
            yticks = [float(y) for y in range(0, top + 1, step)]
            plt.yticks(yticks, [f"{y:g}" for y in yticks])  # whole numbers: counts

    def action_leave(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit()
