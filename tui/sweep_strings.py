"""Strings of the seed sweep (`python -m tui.seed_sweep`), for lesson authors."""

from __future__ import annotations

from tui.i18n import Catalogue

STRINGS: Catalogue = {
    "sweep.help": {
        "en": "grade every exercise's solution, starter and mistakes over many seeds; "
        "exit 1 if any seed lets a solution fail or a mistake pass or change its diagnosis",
        "zh": "用许多个种子为每个练习的参考答案、初始代码和错误答案评分；"
        "只要有一个种子让参考答案不通过、错误答案通过或提示变了，就以退出码 1 结束",
    },
    "sweep.seeds": {"en": "how many seeds (default 40)", "zh": "种子的个数（默认 40）"},
    "sweep.first": {"en": "the first seed (default 1)", "zh": "第一个种子（默认 1）"},
    "sweep.lang": {
        "en": "an edition to sweep (repeatable; default: all)",
        "zh": "要检查的版本（可重复；默认全部）",
    },
    "sweep.lesson": {
        "en": "a lesson number to sweep (repeatable; default: all)",
        "zh": "要检查的课程编号（可重复；默认全部）",
    },
    "sweep.exercise": {
        "en": "an exercise id to sweep (repeatable; default: all)",
        "zh": "要检查的练习 id（可重复；默认全部）",
    },
    "sweep.no_seeds": {"en": "--seeds must be at least 1", "zh": "--seeds 至少为 1"},
    "sweep.progress": {
        "en": "{where} {id}: {seconds:.1f} s, {found} problem(s)",
        "zh": "{where} {id}：{seconds:.1f} 秒，{found} 个问题",
    },
    "sweep.summary": {
        "en": "{count} exercise(s) over {seeds} seed(s): {problems} problem(s)",
        "zh": "{count} 个练习，{seeds} 个种子：{problems} 个问题",
    },
}
