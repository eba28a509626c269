"""Synthetic signal streams: a lecture laid out as chapters of slides with narration.

Each chapter has a slide title (large, near the top), body lines, and sentences spoken over
its slides; the builder lays them on a timeline and emits what the signal stage would:
OCR lines per sampled moment with boxes, speech segments, transitions and silences.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from vidmark.model import Boundary, Signals, TimedText

LOGO = "ACME University"

SORTING = [
    "Sorting puts the elements of an array in order by comparing pairs of elements.",
    "Quicksort picks a pivot and partitions the array around the pivot.",
    "Elements smaller than the pivot go left and larger elements go right.",
    "Merge sort splits the array in halves, sorts each half and merges the sorted halves.",
    "Both sorting algorithms compare elements and need n log n comparisons on average.",
    "A stable sort keeps equal elements in their original order after sorting.",
]
GRAPHS = [
    "A graph is a set of vertices connected by edges.",
    "Breadth first search visits the neighbours of a vertex before their neighbours.",
    "It uses a queue of vertices and finds shortest paths in unweighted graphs.",
    "Depth first search follows one path of edges as deep as it can before backtracking.",
    "Dijkstra's algorithm finds shortest paths when the edges carry weights.",
    "Every vertex keeps its distance, and a priority queue picks the nearest vertex next.",
]
HASHING = [
    "A hash table stores keys in buckets chosen by a hash function.",
    "The hash function maps each key to a bucket index in the table.",
    "Two keys in the same bucket make a collision, resolved by chaining or probing.",
    "Linear probing tries the next bucket until it finds a free slot for the key.",
    "When the load factor grows, the table doubles and rehashes every key.",
    "Lookups in a hash table take constant time on average.",
]
DYNAMIC = [
    "Dynamic programming solves a problem by combining solutions of overlapping subproblems.",
    "Memoization stores each subproblem result so it is computed only once.",
    "The Fibonacci numbers are the classic example of memoized recursion.",
    "A bottom up table fills subproblem results from the smallest subproblem upwards.",
    "The knapsack problem chooses items to maximise value within a weight capacity.",
    "Each table cell holds the best value for a prefix of items and a capacity.",
]
CHINESE = [
    [
        "排序算法把数组中的元素按照大小顺序排列。",
        "快速排序选择一个基准元素，把数组分成两部分。",
        "归并排序把数组分成两半，分别排序以后再合并。",
        "排序算法的平均比较次数是 n log n。",
    ],
    [
        "哈希表用哈希函数把键映射到桶里。",
        "两个键落在同一个桶里就产生冲突。",
        "冲突可以用链表法或者开放寻址法解决。",
        "哈希表的查找平均只需要常数时间。",
    ],
    [
        "神经网络由很多层神经元组成。",
        "每一层神经元把输入乘以权重再加上偏置。",
        "训练神经网络用反向传播计算梯度。",
        "梯度下降沿着梯度的反方向更新权重。",
    ],
]

NARRATION = {"sorting": SORTING, "graphs": GRAPHS, "hashing": HASHING, "dynamic": DYNAMIC, "chinese": CHINESE}


@dataclass
class SlideSpec:
    title: str
    body: list[str]
    sentences: list[str]
    transition: str = "cut"  # cut, fade, none (the picture stays)


@dataclass
class Lecture:
    signals: Signals
    chapter_starts: list[float]
    duration: float
    slide_starts: list[float] = field(default_factory=list)


def build(chapters: list[list[SlideSpec]], *, sentence_seconds: float = 4.0, pause: float = 0.6,
          ocr_every: float = 2.0, logo: bool = True) -> Lecture:
    texts: list[TimedText] = []
    boundaries: list[Boundary] = []
    chapter_starts, slide_starts = [], []
    t = 0.0
    shown: SlideSpec | None = None
    for chapter in chapters:
        chapter_starts.append(t)
        for slide in chapter:
            slide_starts.append(t)
            if slide.transition != "none" and t > 0:
                boundaries.append(Boundary(time_seconds=t, kind=slide.transition if slide.transition != "cut" else "slide",
                                           strength=0.8))
            if slide.transition != "none":
                shown = slide
            start = t
            for sentence in slide.sentences:
                texts.append(TimedText(start_seconds=t, end_seconds=t + sentence_seconds, text=sentence, source="speech"))
                t += sentence_seconds + pause
                boundaries.append(Boundary(time_seconds=t - pause / 2, kind="silence", strength=0.5))
            texts += _ocr(shown, start, t, ocr_every, logo)
    return Lecture(Signals(texts=texts, boundaries=boundaries), chapter_starts, t, slide_starts)


def _ocr(slide: SlideSpec | None, start: float, end: float, every: float, logo: bool) -> list[TimedText]:
    lines = []
    moment = start
    while slide is not None and moment < end:
        step = min(every, end - moment)
        if slide.title:
            lines.append(TimedText(start_seconds=moment, end_seconds=moment + step, text=slide.title, source="ocr",
                                   box=(0.1, 0.06, 0.6, 0.09)))
        for i, line in enumerate(slide.body):
            lines.append(TimedText(start_seconds=moment, end_seconds=moment + step, text=line, source="ocr",
                                   box=(0.1, 0.3 + 0.08 * i, 0.7, 0.045)))
        if logo:
            lines.append(TimedText(start_seconds=moment, end_seconds=moment + step, text=LOGO, source="ocr",
                                   box=(0.8, 0.92, 0.15, 0.05)))
        moment += every
    return lines


@pytest.fixture
def lecture_builder():
    return build


@pytest.fixture
def slide() -> type[SlideSpec]:
    return SlideSpec


@pytest.fixture
def narration() -> dict:
    """Sentences per topic: four English chapters' worth and three Chinese ones."""
    return NARRATION
