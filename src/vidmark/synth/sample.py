"""The bundled sample: a three-minute narrated tutorial on building a budget spreadsheet.

``scripts/make_sample.py`` renders this spec to ``sample/tutorial.mp4``; ``make demo``
chapters it. It has five chapters of different lengths, a chapter of several slides (so a
slide change is not always a chapter change), a screen recording with typing, a silent
demo, cuts, a crossfade and a dip through black. English only, so no CJK font is needed.
"""

from __future__ import annotations

from vidmark.synth.spec import ChapterSpec, RenderOptions, SlideSpec, VideoSpec

_INTRO = ChapterSpec(
    title="Introduction",
    summary="What the tutorial builds: a monthly budget spreadsheet with totals and a chart.",
    slides=[SlideSpec(
        title="Build a Budget Spreadsheet",
        bullets=["A short tutorial in five parts", "Columns, formulas and a chart"],
        narration=[
            "Welcome to this short tutorial.",
            "Today we will build a simple budget spreadsheet from scratch.",
            "By the end you will know where your money goes every month.",
            "You only need a spreadsheet program and about ten minutes of time.",
        ],
    )],
)

_SETUP = ChapterSpec(
    title="Setting up the sheet",
    summary="Open a new spreadsheet, name the columns and freeze the header row.",
    slides=[
        SlideSpec(
            title="Setting up the sheet",
            bullets=["Open a new, empty spreadsheet", "One row for every payment", "Four columns, each with a clear name"],
            narration=[
                "First, open a new and empty spreadsheet.",
                "Every payment you make will get its own row.",
                "We need four columns, and each column gets a clear name.",
                "Clear names help you later, when the sheet grows to hundreds of rows.",
            ],
        ),
        SlideSpec(
            title="Naming the columns",
            style="screen",
            bullets=["A1: Date", "B1: Category", "C1: Description", "D1: Amount"],
            narration=[
                "Type the names into the first row.",
                "Date, category, description and amount.",
                "Then freeze the first row, so the names stay in view when you scroll down.",
                "You will find the freeze option in the view menu.",
            ],
            demo_seconds=4.0,
        ),
    ],
)

_ENTRIES = ChapterSpec(
    title="Entering income and expenses",
    summary="Record income as positive and spending as negative amounts, one payment per row.",
    transition="fade",
    slides=[
        SlideSpec(
            title="Income and expenses",
            bullets=["Income is a positive amount", "Spending is a negative amount", "Keep one payment per row"],
            narration=[
                "Now we fill the sheet with real numbers.",
                "Money that comes in is written as a positive amount.",
                "Money that goes out is written as a negative amount.",
                "Keep to one payment per row, even for small ones.",
                "Small payments add up faster than most people think.",
            ],
        ),
        SlideSpec(
            title="Choosing categories",
            bullets=["Rent, food, travel, fun", "Use the same words every time", "A short list is easier to read"],
            narration=[
                "Each payment also gets a category, such as rent, food or travel.",
                "Use the same words every time, or the totals will not add up.",
                "A short list of categories is much easier to read later.",
                "Six or seven categories are enough for most households.",
            ],
        ),
        SlideSpec(
            title="Typing the first month",
            style="screen",
            bullets=["2024-05-01  Salary   Pay     2400", "2024-05-02  Rent     Flat   -900", "2024-05-03  Food     Market  -64"],
            narration=[
                "Here is the first week of May, typed in row by row.",
                "The salary comes first, then the rent and the food.",
            ],
            demo_seconds=6.0,
        ),
    ],
)

_TOTALS = ChapterSpec(
    title="Totals with formulas",
    summary="Add up each category with a sum formula and check the balance.",
    transition="dip",
    slides=[SlideSpec(
        title="Totals with formulas",
        bullets=["SUMIF adds up one category", "SUM gives the balance of the month", "Check it against your bank"],
        narration=[
            "With the payments in place, the sheet can do the adding for us.",
            "A sum if formula adds up every payment of one category.",
            "A plain sum of the amount column gives the balance of the month.",
            "Check that balance against your bank statement once a month.",
            "If the two numbers do not match, a payment is missing from the sheet.",
        ],
    )],
)

_CHART = ChapterSpec(
    title="Making a chart",
    summary="Select the category totals and insert a pie chart to see where the money goes.",
    slides=[
        SlideSpec(
            title="Making a chart",
            bullets=["Select the category totals", "Insert a pie chart", "Give the chart a title"],
            narration=[
                "Numbers are easier to understand as a picture.",
                "Select the category totals and insert a pie chart.",
                "Give the chart a title, so you know which month it shows.",
                "The biggest slice of the pie is where most of your money goes.",
                "For most people, that slice is the rent.",
            ],
        ),
        SlideSpec(
            title="Thanks for watching",
            bullets=["Copy the sheet for every new month", "Compare the charts over time"],
            narration=[
                "To finish, copy the sheet for every new month and compare the charts.",
                "Over a year, you will see which habits cost you the most.",
                "Thank you for watching.",
            ],
        ),
    ],
)


def sample_spec() -> VideoSpec:
    """The spec of ``sample/tutorial.mp4``."""
    return VideoSpec(
        name="tutorial",
        chapters=[_INTRO, _SETUP, _ENTRIES, _TOTALS, _CHART],
        render=RenderOptions(width=1280, height=720, fps=10, crf=30, slide_tail_seconds=1.2),
        notes="vidmark's bundled sample; regenerate with `make sample`",
    )
