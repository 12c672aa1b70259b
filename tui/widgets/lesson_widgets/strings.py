"""Strings of the five lesson widgets (broadcast explorer, steppers, loop race, rank-1 inspector)."""

from __future__ import annotations

from tui.i18n import Catalogue

STRINGS: Catalogue = {
    "widget.computing": {"en": "computing…", "zh": "计算中…"},
    "widget.cancelled": {"en": "Stopped.", "zh": "已停止。"},
    "widget.timeout": {
        "en": "The computation took too long and was stopped.",
        "zh": "计算时间太长，已经停止。",
    },
    "widget.crashed": {
        "en": "The kernel crashed and was restarted; press the key again.",
        "zh": "内核崩溃并已重启；请再按一次按键。",
    },
    "widget.failed": {"en": "The kernel could not compute this: {error}", "zh": "内核无法完成计算：{error}"},
    "widget.bad_reply": {
        "en": "The kernel gave no answer; press the key again.",
        "zh": "内核没有返回结果；请再按一次按键。",
    },
    "widget.key.leave": {"en": "Back to the widget", "zh": "回到控件"},
    "broadcast.title": {"en": "Broadcasting explorer", "zh": "广播演示"},
    "broadcast.hint": {
        "en": "Tab: type a shape, Enter compares · space: next example · s: swap A and B",
        "zh": "Tab：输入形状，Enter 比较 · 空格：下一个例子 · s：交换 A 和 B",
    },
    "broadcast.placeholder": {"en": "e.g. 4, 3", "zh": "例如 4, 3"},
    "broadcast.axis": {"en": "axis", "zh": "轴"},
    "broadcast.result": {"en": "result", "zh": "结果"},
    "broadcast.scalar": {"en": "scalar", "zh": "标量"},
    "broadcast.axis_stretch": {
        "en": "axis {axis}: {who} has 1, stretched to {size}",
        "zh": "第 {axis} 轴：{who} 的大小是 1，被拉伸到 {size}",
    },
    "broadcast.axis_missing": {
        "en": "axis {axis}: {who} has no such axis, so it counts as 1, stretched to {size}",
        "zh": "第 {axis} 轴：{who} 没有这一轴，按 1 处理，被拉伸到 {size}",
    },
    "broadcast.axis_clash": {
        "en": "axis {axis}: {p} against {q}, neither is 1: they clash",
        "zh": "第 {axis} 轴：{p} 对 {q}，都不是 1，无法广播",
    },
    "broadcast.axis_same": {"en": "axis {axes}: same size", "zh": "第 {axes} 轴：大小相同"},
    "broadcast.axes_same": {"en": "axes {axes}: same size", "zh": "第 {axes} 轴：大小相同"},
    "broadcast.more": {"en": "… and {count} more axes like these", "zh": "……还有 {count} 个类似的轴"},
    "broadcast.ok": {"en": "✓ A + B has shape {shape}", "zh": "✓ A + B 的形状是 {shape}"},
    "broadcast.error": {"en": "✗ NumPy refuses: {message}", "zh": "✗ NumPy 报错：{message}"},
    "broadcast.empty": {
        "en": "{name} is empty, so it stands for a scalar: shape ().",
        "zh": "{name} 是空的，表示一个标量：形状 ()。",
    },
    "broadcast.bad_token": {
        "en": "{name}: “{token}” is not a size; type whole numbers, like 4, 3",
        "zh": "{name}：“{token}”不是合法的大小；请输入整数，例如 4, 3",
    },
    "broadcast.negative": {
        "en": "{name}: sizes cannot be negative ({token}); 0 is fine",
        "zh": "{name}：大小不能是负数（{token}）；0 是可以的",
    },
    "broadcast.too_big": {
        "en": "{name}: {token} is too large; NumPy sizes stop at 2⁶³ − 1",
        "zh": "{name}：{token} 太大了；NumPy 的大小最大为 2⁶³ − 1",
    },
    "broadcast.too_many": {
        "en": "{name} has {count} axes; NumPy arrays have at most {limit}",
        "zh": "{name} 有 {count} 个轴；NumPy 数组最多只能有 {limit} 个轴",
    },
    "broadcast.stray": {
        "en": "{name}: a comma with no size next to it",
        "zh": "{name}：有一个逗号旁边没有数字",
    },
    "broadcast.bracket": {"en": "{name}: the brackets do not match", "zh": "{name}：括号不配对"},
    "broadcast.key.edit": {"en": "Type shapes", "zh": "输入形状"},
    "broadcast.key.example": {"en": "Next example", "zh": "下一个例子"},
    "broadcast.key.swap": {"en": "Swap A and B", "zh": "交换 A 和 B"},
    "rank1.title": {"en": "Rank-1 inspector", "zh": "秩为 1 的数组观察器"},
    "rank1.hint": {
        "en": "1 (5,) · 2 (5, 1) · 3 (1, 5) · ←/→ or space: switch",
        "zh": "1 (5,) · 2 (5, 1) · 3 (1, 5) · ←/→ 或空格：切换",
    },
    "rank1.ndim": {"en": "a.ndim = {ndim}", "zh": "a.ndim = {ndim}"},
    "rank1.T_same": {"en": "the same: .T did nothing", "zh": "没有变化：.T 什么也没做"},
    "rank1.T_swapped": {"en": "axes swapped", "zh": "两个轴互换了"},
    "rank1.number": {"en": "a single number: {value}", "zh": "一个数：{value}"},
    "rank1.matrix": {"en": "broadcast into a 5x5 matrix!", "zh": "被广播成了 5x5 矩阵！"},
    "rank1.elementwise": {"en": "element by element", "zh": "逐个元素相加"},
    "rank1.outer": {"en": "the outer product", "zh": "外积"},
    "rank1.explain_rank1": {
        "en": "A rank-1 array has one axis: it is neither a row nor a column. a.T does nothing to "
        "it, so np.dot(a, a.T) is the inner product, one number, and a + a.T stays (5,).",
        "zh": "秩为 1 的数组只有一个轴：它既不是行向量也不是列向量。a.T 对它不起作用，"
        "所以 np.dot(a, a.T) 是内积，只是一个数，a + a.T 仍然是 (5,)。",
    },
    "rank1.explain_column": {
        "en": "A (5, 1) column: a.T is a (1, 5) row, so np.dot(a, a.T) is the 5x5 outer product "
        "and np.dot(a.T, a) the (1, 1) inner product. a + a.T broadcasts to 5x5: mind your shapes.",
        "zh": "(5, 1) 列向量：a.T 是 (1, 5) 行向量，所以 np.dot(a, a.T) 是 5x5 的外积，"
        "np.dot(a.T, a) 是 (1, 1) 的内积。a + a.T 会广播成 5x5，要留意形状。",
    },
    "rank1.explain_row": {
        "en": "A (1, 5) row: a.T is a (5, 1) column, so np.dot(a, a.T) is the (1, 1) inner product "
        "and np.dot(a.T, a) the 5x5 outer product. Two axes make every result's shape predictable.",
        "zh": "(1, 5) 行向量：a.T 是 (5, 1) 列向量，所以 np.dot(a, a.T) 是 (1, 1) 的内积，"
        "np.dot(a.T, a) 是 5x5 的外积。有两个轴，每个结果的形状都可以预料。",
    },
    "rank1.key.rank1": {"en": "Rank 1 (5,)", "zh": "秩为1 (5,)"},
    "rank1.key.column": {"en": "Column (5, 1)", "zh": "列 (5, 1)"},
    "rank1.key.row": {"en": "Row (1, 5)", "zh": "行 (1, 5)"},
    "rank1.key.next": {"en": "Next shape", "zh": "下一个形状"},
    "rank1.key.previous": {"en": "Previous shape", "zh": "上一个形状"},
    "graph.title": {
        "en": "Computation graph stepper: J = 3(a + b·c)",
        "zh": "计算图逐步演示：J = 3(a + b·c)",
    },
    "graph.hint": {
        "en": "space/→ next step · ← back · r start over · Enter: change a, b, c",
        "zh": "空格/→ 下一步 · ← 上一步 · r 从头开始 · Enter：修改 a, b, c",
    },
    "graph.bad_inputs": {
        "en": "Type three whole numbers between −{limit} and {limit}, like 5, 3, 2, then Enter.",
        "zh": "请输入三个介于 −{limit} 和 {limit} 之间的整数，例如 5, 3, 2，然后按 Enter。",
    },
    "graph.say.start": {
        "en": "Inputs a = {a}, b = {b}, c = {c}. Press space to run the forward pass, one node at a time.",
        "zh": "输入 a = {a}，b = {b}，c = {c}。按空格键，一个节点一个节点地进行前向传播。",
    },
    "graph.say.u": {
        "en": "Forward 1/3: u = b·c = {b_}·{c_} = {u}.",
        "zh": "前向 1/3：u = b·c = {b_}·{c_} = {u}。",
    },
    "graph.say.v": {
        "en": "Forward 2/3: v = a + u = {a} + {u_} = {v}.",
        "zh": "前向 2/3：v = a + u = {a} + {u_} = {v}。",
    },
    "graph.say.J": {
        "en": "Forward 3/3: J = 3·v = 3·{v_} = {J}. Next, the backward pass, from right to left.",
        "zh": "前向 3/3：J = 3·v = 3·{v_} = {J}。接下来是反向传播，从右往左。",
    },
    "graph.say.dv": {
        "en": "Backward 1/5: J = 3·v, so nudging v moves J three times as much: dJ/dv = {dv}.",
        "zh": "反向 1/5：J = 3·v，v 变一点，J 就变三倍：dJ/dv = {dv}。",
    },
    "graph.say.du": {
        "en": "Backward 2/5: v = a + u, so dv/du = 1 and by the chain rule "
        "dJ/du = dJ/dv · dv/du = {dv_} · 1 = {du}.",
        "zh": "反向 2/5：v = a + u，所以 dv/du = 1；由链式法则 dJ/du = dJ/dv · dv/du = {dv_} · 1 = {du}。",
    },
    "graph.say.da": {
        "en": "Backward 3/5: likewise dv/da = 1, so dJ/da = dJ/dv · dv/da = {dv_} · 1 = {da}.",
        "zh": "反向 3/5：同理 dv/da = 1，所以 dJ/da = dJ/dv · dv/da = {dv_} · 1 = {da}。",
    },
    "graph.say.db": {
        "en": "Backward 4/5: u = b·c, so du/db = c and dJ/db = dJ/du · c = {du_} · {c_} = {db}.",
        "zh": "反向 4/5：u = b·c，所以 du/db = c，dJ/db = dJ/du · c = {du_} · {c_} = {db}。",
    },
    "graph.say.dc": {
        "en": "Backward 5/5: du/dc = b, so dJ/dc = dJ/du · b = {du_} · {b_} = {dc}. "
        "One sweep gave every derivative.",
        "zh": "反向 5/5：du/dc = b，所以 dJ/dc = dJ/du · b = {du_} · {b_} = {dc}。"
        "一次反向传播就得到了全部导数。",
    },
    "graph.key.next": {"en": "Next step", "zh": "下一步"},
    "graph.key.back": {"en": "Step back", "zh": "上一步"},
    "graph.key.reset": {"en": "Start over", "zh": "从头开始"},
    "graph.key.edit": {"en": "Change a, b, c", "zh": "修改 a, b, c"},
    "gd.title": {
        "en": "Gradient descent stepper: J(w) = (w − 3)² + 1",
        "zh": "梯度下降逐步演示：J(w) = (w − 3)² + 1",
    },
    "gd.hint": {
        "en": "space step · Enter 10 steps · +/− α · ←/→ start w₀ · r reset",
        "zh": "空格 走一步 · Enter 走 10 步 · +/− 学习率 α · ←/→ 起点 w₀ · r 重置",
    },
    "gd.step": {"en": "step {step}", "zh": "第 {step} 步"},
    "gd.alpha": {"en": "α = {alpha}", "zh": "学习率 α = {alpha}"},
    "gd.start": {"en": "start w₀ = {start}", "zh": "起点 w₀ = {start}"},
    "gd.last": {
        "en": "last step: w := {before} − {alpha}·({slope}) = {after}",
        "zh": "上一步：w := {before} − {alpha}·({slope}) = {after}",
    },
    "gd.stopped": {
        "en": "Stepping stopped because w ran away. Lower α with − (or press r).",
        "zh": "w 已经发散，不再继续。请用 − 调小 α（或按 r 重置）。",
    },
    "gd.say.start": {
        "en": "Press space to take one step: w := w − α·dJ/dw.",
        "zh": "按空格走一步：w := w − α·dJ/dw。",
    },
    "gd.say.max": {
        "en": "That is {steps} steps already; press r to start again.",
        "zh": "已经走了 {steps} 步；按 r 重新开始。",
    },
    "gd.say.exploded": {
        "en": "Diverged: step {next} would take |w| past 1,000,000, so the path stops at step {steps}. "
        "α = {alpha} is too large; lower it with −.",
        "zh": "发散了：第 {next} 步会让 |w| 超过 1,000,000，所以路径停在第 {steps} 步。"
        "α = {alpha} 太大，请用 − 调小。",
    },
    "gd.say.diverging": {
        "en": "Diverging: this step landed further from the bottom (w = 3) than the last one. "
        "α = {alpha} is too large; each jump overshoots more. Lower it with −.",
        "zh": "正在发散：这一步离谷底（w = 3）比上一步更远。"
        "α = {alpha} 太大，每一步都越跳越远。请用 − 调小。",
    },
    "gd.say.oscillating": {
        "en": "Stuck: with α = {alpha}, w jumps between {a} and {b} forever, overshooting the "
        "bottom by exactly as much each time.",
        "zh": "停滞：α = {alpha} 时，w 在 {a} 和 {b} 之间来回跳，每次越过谷底的距离都一样。",
    },
    "gd.say.bottom": {
        "en": "At the bottom after {steps} steps: dJ/dw ≈ 0, so the steps no longer move w.",
        "zh": "{steps} 步后到达谷底：dJ/dw ≈ 0，所以 w 不再移动。",
    },
    "gd.say.zigzag": {
        "en": "w jumps across the bottom each step but still gets closer: α is large, not too large.",
        "zh": "w 每一步都越过谷底，但仍然越来越近：α 偏大，但还不算太大。",
    },
    "gd.say.closer": {
        "en": "Each step moves w closer to 3 and lowers J; the steps shrink as the slope flattens.",
        "zh": "每一步都让 w 更接近 3，J 也随之下降；坡度变缓，步子也越来越小。",
    },
    "gd.key.step": {"en": "Step", "zh": "走一步"},
    "gd.key.ten": {"en": "10 steps", "zh": "走 10 步"},
    "gd.key.alpha_up": {"en": "α up", "zh": "增大 α"},
    "gd.key.alpha_down": {"en": "α down", "zh": "减小 α"},
    "gd.key.start_right": {"en": "Start further right", "zh": "起点右移"},
    "gd.key.start_left": {"en": "Start further left", "zh": "起点左移"},
    "gd.key.reset": {"en": "Reset", "zh": "重置"},
    "race.title": {"en": "Loop race: for-loop against np.dot", "zh": "循环赛跑：for 循环对比 np.dot"},
    "race.hint": {
        "en": "space race (again to stop) · ←/→ change n · r clear the table",
        "zh": "空格 开始（再按一次停止） · ←/→ 改变 n · r 清空表格",
    },
    "race.setup": {
        "en": "n = {n} · the same random vectors for both · best of several runs\n"
        "for-loop  for i in range(n): s += a[i] * c[i]\n"
        "np.dot    np.dot(a, c)",
        "zh": "n = {n} · 两者使用相同的随机向量 · 各取多次运行中最快的一次\n"
        "for 循环  for i in range(n): s += a[i] * c[i]\n"
        "np.dot    np.dot(a, c)",
    },
    "race.none": {"en": "No race yet: press space.", "zh": "还没有比赛：按空格开始。"},
    "race.loop": {"en": "for-loop", "zh": "for 循环"},
    "race.dot": {"en": "np.dot", "zh": "np.dot"},
    "race.speedup": {"en": "speed-up", "zh": "加速比"},
    "race.ratio": {"en": "np.dot is {ratio}× faster", "zh": "np.dot 快 {ratio} 倍"},
    "race.same": {"en": "✓ same sum ({value})", "zh": "✓ 结果相同（{value}）"},
    "race.differ": {"en": "✗ the sums differ!", "zh": "✗ 两个结果不一样！"},
    "race.racing": {
        "en": "racing with n = {n}… (space stops)",
        "zh": "比赛中，n = {n}……（按空格停止）",
    },
    "race.too_slow": {
        "en": "The race took longer than {seconds} s and was stopped; try a smaller n.",
        "zh": "比赛超过了 {seconds} 秒，已被停止；请试试更小的 n。",
    },
    "race.stopped": {"en": "Race stopped. Press space to race again.", "zh": "比赛已停止。按空格重新开始。"},
    "race.key.race": {"en": "Race", "zh": "开始比赛"},
    "race.key.bigger": {"en": "Bigger n", "zh": "增大 n"},
    "race.key.smaller": {"en": "Smaller n", "zh": "减小 n"},
    "race.key.clear": {"en": "Clear table", "zh": "清空表格"},
}
