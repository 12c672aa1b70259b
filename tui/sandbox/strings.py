"""Strings the kernel child shows: notes and errors of runs, plot notes, and the judge's messages.

Kept free of Textual: the child imports this without the UI."""

from __future__ import annotations

from tui.i18n import Catalogue

STRINGS: Catalogue = {
    "kernel.starting": {"en": "kernel starting…", "zh": "内核启动中…"},
    "kernel.ready": {"en": "kernel ready", "zh": "内核就绪"},
    "kernel.running": {"en": "running…", "zh": "运行中…"},
    "kernel.restarted": {"en": "kernel restarted", "zh": "内核已重启"},
    "kernel.stopped": {"en": "kernel stopped", "zh": "内核已停止"},
    "kernel.idle": {"en": "kernel not started", "zh": "内核未启动"},
    "kernel.failed": {
        "en": "The kernel could not start: {error}",
        "zh": "内核无法启动：{error}",
    },
    "kernel.note.restarted": {
        "en": "The kernel was restarted; variables from earlier cells are gone.",
        "zh": "内核已重启；之前单元中的变量都没有了。",
    },
    "kernel.cancel.cancel": {
        "en": "Cancelled: the cell ignored the interrupt, so the kernel was restarted.",
        "zh": "已取消：这个单元没有响应中断，所以内核被重启了。",
    },
    "kernel.cancel.restart": {"en": "Cancelled: the kernel was restarted.", "zh": "已取消：内核被重启了。"},
    "kernel.cancel.shutdown": {"en": "Cancelled: the kernel was shut down.", "zh": "已取消：内核已关闭。"},
    "kernel.cancelled": {"en": "Cancelled.", "zh": "已取消。"},
    "kernel.abandoned": {
        "en": "The kernel stopped responding and was abandoned.",
        "zh": "内核没有响应，已被放弃。",
    },
    "kernel.crash_signal": {
        "en": "The kernel crashed: it was killed by {name} ({why}).",
        "zh": "内核崩溃了：它被信号 {name}（{why}）终止。",
    },
    "kernel.crash_memory": {"en": " It may have run out of memory.", "zh": "可能是内存用完了。"},
    "kernel.crash_exit": {
        "en": "The kernel crashed: its process exited with code {code}.",
        "zh": "内核崩溃了：它的进程以代码 {code} 退出。",
    },
    "kernel.truncated": {
        "en": "Output truncated after {kb} KB.",
        "zh": "输出超过 {kb} KB，后面的部分已截断。",
    },
    "kernel.overlong": {
        "en": "The kernel sent a message too long to read (over {mb} MB, or too many items); it was ignored.",
        "zh": "内核发来了一条太长的消息（超过 {mb} MB 或条目太多），已被忽略。",
    },
    "kernel.timeout": {
        "en": "Stopped: the cell ran longer than {seconds} s.",
        "zh": "已停止：这个单元运行超过了 {seconds} 秒。",
    },
    "kernel.timeout_killed": {
        "en": " It did not stop when interrupted, so the kernel was restarted.",
        "zh": "它没有响应中断，所以内核被重启了。",
    },
    "kernel.error_truncated": {
        "en": "… (the rest of this error was cut)",
        "zh": "…（这条错误信息的其余部分已省略）",
    },
    "kernel.recursion": {
        "en": "Python stopped the recursion at {depth} nested calls: a function probably calls "
        "itself without end (check its base case).",
        "zh": "Python 在嵌套调用达到 {depth} 层时停止了递归："
        "某个函数可能在无休止地调用自己（检查它的终止条件）。",
    },
    "kernel.lost_pipe": {
        "en": "The kernel lost its connection to the app (a cell closed or broke the pipe the "
        "kernel talks through), so it was restarted.",
        "zh": "内核与程序之间的连接断了（某个单元关闭或破坏了内核通信用的管道），所以内核被重启了。",
    },
    "kernel.crash_cpu": {"en": " It used up its CPU time.", "zh": "它用完了 CPU 时间。"},
    "kernel.crash_stack": {
        "en": " This often means a recursion went too deep.",
        "zh": "这通常说明递归太深了。",
    },
    "kernel.over_memory": {
        "en": "Stopped: together, the kernel and the processes this cell started used more than "
        "{size} of memory, the share of one learner. The processes were stopped.",
        "zh": "已停止：内核和这个单元启动的进程一共用了超过 {size} 的内存（每位学员的份额），"
        "这些进程已被停止。",
    },
    "kernel.oom_tree": {
        "en": "Together, the kernel and the processes this cell started went over {size} of memory, "
        "the share of one learner, so the largest of them was stopped.",
        "zh": "内核和这个单元启动的进程一共超过了 {size} 的内存（每位学员的份额），"
        "所以其中最大的一个被停止了。",
    },
    "kernel.over_disk": {
        "en": "Stopped: the files this cell wrote took more than {size}, the share of one learner. "
        "They were deleted.",
        "zh": "已停止：这个单元写入的文件超过了 {size}（每位学员的份额），这些文件已被删除。",
    },
    "kernel.disk_emptied": {
        "en": "The files in the kernel's folder took more than {size}, the share of one learner, "
        "so they were deleted.",
        "zh": "内核文件夹中的文件超过了 {size}（每位学员的份额），所以已被删除。",
    },
    "kernel.memory": {
        "en": "The cell hit the kernel's memory limit ({size}).",
        "zh": "这个单元用到了内核的内存上限（{size}）。",
    },
    "kernel.no_input": {
        "en": "input() is not available in cells: put the value in the code instead",
        "zh": "单元中不能使用 input()：请把值直接写在代码里",
    },
    "plot.dropped_one": {
        "en": "Dropped 1 non-finite point from {name}.",
        "zh": "从 {name} 中去掉了 1 个非有限的点（NaN 或无穷大）。",
    },
    "plot.dropped_many": {
        "en": "Dropped {count} non-finite points from {name}.",
        "zh": "从 {name} 中去掉了 {count} 个非有限的点（NaN 或无穷大）。",
    },
    "plot.huge": {
        "en": "Dropped {count} point(s) beyond ±{limit} from {name}: too large to draw.",
        "zh": "从 {name} 中去掉了 {count} 个超出 ±{limit} 的点：数值太大，无法绘制。",
    },
    "plot.shortened": {
        "en": "Titles and labels longer than {count} characters are shortened.",
        "zh": "超过 {count} 个字符的标题和标签已被截短。",
    },
    "plot.cannot_draw": {
        "en": "(cannot draw this plot: its values are out of the plotter's range)",
        "zh": "（无法绘制这张图：数值超出了绘图器的范围）",
    },
    "plot.drawing": {"en": "(drawing…)", "zh": "（绘制中…）"},
    "plot.scaled": {"en": "×1e{exponent}", "zh": "×1e{exponent}"},
    "plot.series_number": {"en": "series {number}", "zh": "第 {number} 条曲线"},
    "plot.no_points": {
        "en": "Nothing to plot: {name} has no points.",
        "zh": "没有可画的：{name} 没有任何点。",
    },
    "plot.nothing": {"en": "Nothing to plot.", "zh": "没有可画的内容。"},
    "plot.too_many_series": {
        "en": "Only the first {count} series are shown.",
        "zh": "只显示前 {count} 条曲线。",
    },
    "plot.too_many_figures": {
        "en": "Only the first {count} figures are shown.",
        "zh": "只显示前 {count} 张图。",
    },
    "plot.empty": {"en": "(nothing to plot)", "zh": "（没有可以画的数据）"},
    "plot.too_small": {"en": "(plot needs more room)", "zh": "（空间太小，无法画图）"},
    "judge.not_defined": {
        "en": "`{name}` is not defined: not by your code, nor by the cells and exercises above "
        "(they ran first). Your code must define it, with this exact name.",
        "zh": "`{name}` 没有定义：你的代码和上面的代码格、练习（它们已经先运行过）都没有定义它。"
        "你的代码必须定义它，名字也要完全一致。",
    },
    "judge.uses_undefined": {
        "en": "`{name}` uses `{missing}`, which is not defined, even after the cells and exercises above "
        "ran: is it misspelt, or defined only further down the lesson?",
        "zh": "`{name}` 用到了 `{missing}`，但即使上面的代码格和练习都已运行，它仍然没有定义："
        "是不是拼错了，或者它只在本课更下面的地方才定义？",
    },
    "judge.unreadable": {
        "en": "What `{name}` gave back could not be read: {error}",
        "zh": "无法读取 `{name}` 返回的内容：{error}",
    },
    "judge.no_answer": {
        "en": "Your kernel did not answer when the check asked for `{name}`.",
        "zh": "检查需要 `{name}` 时，你的内核没有回应。",
    },
    "judge.too_slow": {
        "en": "`{name}` took longer than the time limit: is there an endless loop?",
        "zh": "`{name}` 运行超过了时间限制：是不是有死循环？",
    },
    "judge.crashed": {
        "en": "Your kernel stopped while running `{name}`: {error}",
        "zh": "运行 `{name}` 时你的内核停止了：{error}",
    },
    "judge.raised": {
        "en": "`{name}` stopped with an error:\n{error}",
        "zh": "`{name}` 运行时出错：\n{error}",
    },
    "judge.check_error": {
        "en": "{description}: {error}",
        "zh": "{description}：{error}",
    },
    "judge.seed": {
        "en": " (random inputs, seed {seed})",
        "zh": "（随机输入，种子 {seed}）",
    },
}
