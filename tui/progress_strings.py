"""Strings about saved progress: notices when the file cannot be used, and the progress screen."""

from __future__ import annotations

from tui.i18n import Catalogue

STRINGS: Catalogue = {
    "progress.title": {"en": "Your progress", "zh": "学习进度"},
    "progress.summary": {
        "en": "{done} of {total} exercises solved; {finished} lesson(s) finished.",
        "zh": "共 {total} 道练习，已完成 {done} 道；已学完 {finished} 节课。",
    },
    "progress.corrupt": {
        "en": "Your progress file could not be read, so it was moved aside to {path}: the code "
        "and answers you saved earlier may still be in it. Your progress from now on is saved anew.",
        "zh": "无法读取你的学习进度文件，已把它移到 {path}：你之前保存的代码和答案可能还在里面。"
        "之后的进度会重新保存。",
    },
    "progress.damaged": {
        "en": "Your progress file was damaged while the app ran (perhaps by code in a cell) and was "
        "moved aside to {path}. Nothing was lost: everything you did is still here and was saved anew.",
        "zh": "程序运行期间你的学习进度文件被破坏了（可能是某个单元里的代码），已把它移到 {path}。"
        "没有丢失任何内容：你做过的一切都还在，并已重新保存。",
    },
    "progress.newer": {
        "en": "Your progress file was written by a newer version of nn-basics and was moved to {path}; "
        "starting fresh.",
        "zh": "你的学习进度文件是由更新版本的 nn-basics 写的，已把它移到 {path}；现在从头开始。",
    },
    "progress.stuck": {
        "en": "Your progress file {path} could neither be read nor moved aside ({error}); "
        "nothing will be saved in this session.",
        "zh": "无法读取学习进度文件 {path}，也无法把它移开（{error}）；本次学习的进度不会被保存。",
    },
    "progress.unwritable": {
        "en": "Your progress could not be saved in {folder} ({error}). It is kept while the app runs; "
        "free some disk space, fix the folder's permissions or set NN_BASICS_DATA_DIR.",
        "zh": "无法把学习进度保存到 {folder}（{error}）。程序运行期间进度仍会保留；"
        "请腾出磁盘空间、修正该文件夹的权限，或设置 NN_BASICS_DATA_DIR。",
    },
}
