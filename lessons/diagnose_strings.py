"""The diagnosis module's strings: what a check says about a wrong answer, in both languages.

Messages name the shapes and values involved (``{got}``, ``{want}`` are shapes
or numbers already formatted) and say what usually causes the mistake.
"""

from __future__ import annotations

from tui.i18n import Catalogue

STRINGS: Catalogue = {
    # ------------------------------------------------------------ what it is
    "diagnose.none": {
        "en": "`{name}` is None: is a line still `None  # your code here`, or is `return` missing?",
        "zh": "`{name}` 是 None：是不是还有哪一行仍是 `None  # 在这里写代码`，或者漏写了 `return`？",
    },
    "diagnose.returned_none": {
        "en": "`{function}` returned None: is the `return` line missing?",
        "zh": "`{function}` 返回了 None：是不是漏写了 `return` 那一行？",
    },
    "diagnose.type": {
        "en": "`{name}` is {got}, expected {want}.",
        "zh": "`{name}` 是{got}，应该是{want}。",
    },
    "diagnose.list_sep": {"en": ", ", "zh": "、"},
    "diagnose.a": {"en": "a {type}", "zh": "一个 {type}"},
    "diagnose.an": {"en": "an {type}", "zh": "一个 {type}"},
    "diagnose.want_number": {"en": "a number", "zh": "一个数"},
    "diagnose.want_array": {
        "en": "a NumPy array of shape {shape}",
        "zh": "形状为 {shape} 的 NumPy 数组",
    },
    "diagnose.want_list": {"en": "a list of numbers", "zh": "由数构成的列表"},
    "diagnose.want_tuple": {
        "en": "a tuple of {count} values ({labels})",
        "zh": "由 {count} 个值组成的元组（{labels}）",
    },
    "diagnose.want_dict": {
        "en": "a dict with the keys {keys}",
        "zh": "含有键 {keys} 的字典",
    },
    "diagnose.bool_number": {
        "en": "`{name}` is {got} (True or False), expected a number.",
        "zh": "`{name}` 是 {got}（True 或 False），应该是一个数。",
    },
    "diagnose.arity": {
        "en": "`{function}` returned {count} values, expected {want}: ({labels}).",
        "zh": "`{function}` 返回了 {count} 个值，应该返回 {want} 个：（{labels}）。",
    },
    "diagnose.missing_key": {
        "en": "`{name}` has no key {key!r} (its keys: {keys}).",
        "zh": "`{name}` 里没有键 {key!r}（现有的键：{keys}）。",
    },
    "diagnose.no_keys": {"en": "none", "zh": "无"},
    # ------------------------------------------------------------ shapes
    "diagnose.shape": {
        "en": "`{name}` has shape {got}, expected {want}.",
        "zh": "`{name}` 的形状是 {got}，应该是 {want}。",
    },
    "diagnose.same_size": {
        "en": "`{name}` has shape {got}, expected {want}: the same {size} values in another layout "
        "(reshape({shape_args}) would give the expected shape).",
        "zh": "`{name}` 的形状是 {got}，应该是 {want}：是同样的 {size} 个值，只是排列不同"
        "（reshape({shape_args}) 可以得到正确的形状）。",
    },
    "diagnose.rank1": {
        "en": "`{name}` has shape {got}, a rank-1 array: neither a row nor a column. Expected {want}: "
        "keep both axes, e.g. .reshape({shape_args}), keepdims=True in np.sum, or np.zeros({zeros}) "
        "with a size taken from the arguments.",
        "zh": "`{name}` 的形状是 {got}，是一个一维（秩为 1）的数组：既不是行向量也不是列向量。"
        "应该是 {want}：保留两个轴，例如 .reshape({shape_args})、np.sum 里加 keepdims=True，"
        "或者用从参数得到的尺寸写 np.zeros({zeros})。",
    },
    "diagnose.transposed": {
        "en": "`{name}` has shape {got}, expected {want}: it is transposed (rows and columns swapped).",
        "zh": "`{name}` 的形状是 {got}，应该是 {want}：行和列颠倒了（转置了）。",
    },
    "diagnose.transposed_values": {
        "en": "`{name}` has shape {got}, expected {want}: its transpose `.T` is exactly the right answer.",
        "zh": "`{name}` 的形状是 {got}，应该是 {want}：它的转置 `.T` 正好是正确答案。",
    },
    "diagnose.a_number": {"en": "a number", "zh": "一个数"},
    "diagnose.per_example": {"en": ", one per example", "zh": "，每个样本一个"},
    "diagnose.table": {
        "en": "`{name}` has shape {got} where {want} was expected: broadcasting combined a column "
        "of shape ({rows}, 1) with a row of shape (1, {cols}), or with a rank-1 array of shape "
        "({cols},), which acts as a row, into a whole table, {rows} × {cols}. One array in the "
        "formula has the wrong shape: a rank-1 one (x[:, 0], or np.sum(..., axis=...) without "
        "keepdims=True), a transposed one (like Y.T) or a sum along the wrong axis.",
        "zh": "`{name}` 的形状是 {got}，而应该是 {want}：广播把一个形状为 ({rows}, 1) 的列向量"
        "和一个形状为 (1, {cols}) 的行向量（或者形状为 ({cols},) 的一维数组，它的作用和行向量一样）"
        "组合成了一整张表（{rows} × {cols}）。公式里有一个数组的形状不对：可能是一维数组"
        "（x[:, 0]，或者不带 keepdims=True 的 np.sum(..., axis=...)）、转置过的数组（比如 Y.T），"
        "或者沿错误的轴求了和。",
    },
    "diagnose.not_summed": {
        "en": "`{name}` has shape {got} where {want} was expected: {count} values{per}, where one "
        "belongs, and their sum along axis {axis} is exactly the right answer. Add them up: "
        "np.sum(..., axis={axis}, keepdims=True), or a matrix product such as np.dot(X, dZ.T).",
        "zh": "`{name}` 的形状是 {got}，而应该是 {want}：本该是一个值的地方有 {count} 个值{per}，"
        "而它们沿第 {axis} 轴的和正好是正确答案。把它们加起来："
        "np.sum(..., axis={axis}, keepdims=True)，或者 np.dot(X, dZ.T) 这样的矩阵乘法。",
    },
    "diagnose.not_averaged": {
        "en": "`{name}` has shape {got} where {want} was expected: {count} values{per}, where one "
        "belongs, and their mean along axis {axis} is exactly the right answer. Add them up and "
        "divide by {count}: np.mean(..., axis={axis}, keepdims=True).",
        "zh": "`{name}` 的形状是 {got}，而应该是 {want}：本该是一个值的地方有 {count} 个值{per}，"
        "而它们沿第 {axis} 轴的平均值正好是正确答案。把它们加起来再除以 {count}："
        "np.mean(..., axis={axis}, keepdims=True)。",
    },
    "diagnose.not_summed_number": {
        "en": "`{name}` has shape {got} where a number was expected: {count} values{per}, and their "
        "sum is exactly the right answer. Add them up with np.sum(...).",
        "zh": "`{name}` 的形状是 {got}，而应该是一个数：这里有 {count} 个值{per}，"
        "而它们的和正好是正确答案。用 np.sum(...) 把它们加起来。",
    },
    "diagnose.not_averaged_number": {
        "en": "`{name}` has shape {got} where a number was expected: {count} values{per}, and their "
        "mean is exactly the right answer. Add them up and divide by {count}: np.mean(...).",
        "zh": "`{name}` 的形状是 {got}，而应该是一个数：这里有 {count} 个值{per}，"
        "而它们的平均值正好是正确答案。把它们加起来再除以 {count}：np.mean(...)。",
    },
    "diagnose.array_for_number_shape": {
        "en": "`{name}` has shape {got} where a number was expected ({count} values). Print the "
        "shape of each array on the way to it: where does an axis appear that the formula "
        "does not have?",
        "zh": "`{name}` 的形状是 {got}，而应该是一个数（这里有 {count} 个值）。"
        "把计算过程中每个数组的形状打印出来：是从哪里多出了一个公式里没有的轴？",
    },
    "diagnose.extra_axis": {
        "en": "`{name}` has shape {got} where {want} was expected: an array somewhere on the way "
        "has a shape the formula does not have. Print the shape of each one: the first that "
        "differs from the formula's is the mistake (A − Y.T, for one, is (m, m), and x[:, 0] "
        "is a rank-1 (n,)).",
        "zh": "`{name}` 的形状是 {got}，而应该是 {want}：计算过程中某个数组的形状与公式不符。"
        "把每个数组的形状打印出来：第一个与公式不一致的就是错误所在"
        "（例如 A − Y.T 的形状是 (m, m)，x[:, 0] 是一维的 (n,)）。",
    },
    "diagnose.array_for_number": {
        "en": "`{name}` is an array of shape {got}, expected a plain number: take its one value "
        "with .item() (or index it: {index}), or sum over every axis: np.sum(...) with "
        "neither axis= nor keepdims=True. "
        "(float(...) does not take an array with axes in NumPy 2.)",
        "zh": "`{name}` 是形状为 {got} 的数组，应该是一个普通的数：用 .item() 取出它唯一的值"
        "（或者用下标：{index}），或者对所有轴求和：np.sum(...) 既不带 axis= 也不带 keepdims=True。"
        "（在 NumPy 2 里，float(...) 不接受带轴的数组。）",
    },
    "diagnose.number_for_array": {
        "en": "`{name}` is a single number ({got}), expected an array of shape {want}.",
        "zh": "`{name}` 只是一个数（{got}），应该是形状为 {want} 的数组。",
    },
    # ------------------------------------------------------------ values
    "diagnose.int_values": {
        "en": "`{name}` holds integers (dtype {dtype}) where floats are expected: "
        "use floats, e.g. np.zeros(...) without dtype=int, or .astype(float).",
        "zh": "`{name}` 里是整数（dtype 为 {dtype}），而应该是浮点数：请用浮点数，"
        "例如不带 dtype=int 的 np.zeros(...)，或者 .astype(float)。",
    },
    "diagnose.bool_values": {
        "en": "`{name}` holds True/False (dtype bool) where the numbers 0.0 and 1.0 are expected: "
        "convert with .astype(float).",
        "zh": "`{name}` 里是 True/False（dtype 为 bool），而应该是数 0.0 和 1.0：用 .astype(float) 转换。",
    },
    "diagnose.nan": {
        "en": "`{name}` is or contains nan (not a number): usually a log of 0 or of a negative "
        "number, or 0 · inf. Is A exactly 0 or 1 somewhere, or is a sign wrong inside a log?",
        "zh": "`{name}` 是或含有 nan（不是一个数）：通常是对 0 或负数取了对数，或者出现了 0 · inf。"
        "A 是否在某处正好等于 0 或 1？对数里的符号是否写错了？",
    },
    "diagnose.inf": {
        "en": "`{name}` is or contains inf: log(0) is −inf, and dividing by 0 gives inf. "
        "Is A exactly 0 or 1 somewhere?",
        "zh": "`{name}` 是或含有 inf：log(0) 等于 −inf，除以 0 会得到 inf。A 是否在某处正好等于 0 或 1？",
    },
    "diagnose.sign": {
        "en": "`{name}` has the right size but the opposite sign ({got} instead of {want}): "
        "is a subtraction the wrong way round (Y − A instead of A − Y), or is the minus in front "
        "of the cost, J = −(1/m)·Σ ..., left out?",
        "zh": "`{name}` 的大小对了，符号却相反（得到 {got}，应该是 {want}）：是不是减法写反了"
        "（把 A − Y 写成了 Y − A），或者漏了代价 J = −(1/m)·Σ ... 前面的负号？",
    },
    "diagnose.missing_m": {
        "en": "`{name}` is m = {m} times too big ({got} instead of {want}): the 1/m is missing "
        "(an average is a sum divided by m).",
        "zh": "`{name}` 大了 m = {m} 倍（得到 {got}，应该是 {want}）：漏了 1/m（平均值是总和除以 m）。",
    },
    "diagnose.extra_m": {
        "en": "`{name}` is m = {m} times too small ({got} instead of {want}): divided by m twice?",
        "zh": "`{name}` 小了 m = {m} 倍（得到 {got}，应该是 {want}）：是不是除了两次 m？",
    },
    "diagnose.factor": {
        "en": "Every value of `{name}` is {factor:.4g} times the expected one ({got} instead of {want}): "
        "a constant factor is wrong or missing.",
        "zh": "`{name}` 的每个值都是正确值的 {factor:.4g} 倍（得到 {got}，应该是 {want}）："
        "某个常数因子写错了或漏了。",
    },
    "diagnose.missing_b": {
        "en": "`{name}` is off by −b = {offset:.4g} everywhere ({got} instead of {want}): "
        "is + b missing in z = wᵀx + b?",
        "zh": "`{name}` 处处都差了 −b = {offset:.4g}（得到 {got}，应该是 {want}）："
        "z = wᵀx + b 里是不是漏了 + b？",
    },
    "diagnose.double_b": {
        "en": "`{name}` is off by +b = {offset:.4g} everywhere ({got} instead of {want}): is b added twice?",
        "zh": "`{name}` 处处都多了 +b = {offset:.4g}（得到 {got}，应该是 {want}）：是不是把 b 加了两次？",
    },
    "diagnose.offset": {
        "en": "Every value of `{name}` is off by the same amount, {offset:.4g} ({got} instead of {want}): "
        "a constant term is wrong or missing.",
        "zh": "`{name}` 的每个值都差了同样的量 {offset:.4g}（得到 {got}，应该是 {want}）："
        "某个常数项写错了或漏了。",
    },
    "diagnose.not_labels": {
        "en": "`{name}` should hold only the labels 0.0 and 1.0, but has values like {value:.4g}: "
        "turn each probability into a label with the threshold 0.5.",
        "zh": "`{name}` 里应该只有标签 0.0 和 1.0，却有 {value:.4g} 这样的值："
        "请用阈值 0.5 把每个概率变成标签。",
    },
    "diagnose.all_zeros": {
        "en": "`{name}` is all zeros ({got} instead of {want}): is it still the zeros it started "
        "from, or is it multiplied by something that is 0?",
        "zh": "`{name}` 全是 0（得到 {got}，应该是 {want}）：它是不是还是开始时的那些 0，"
        "或者乘上了某个等于 0 的量？",
    },
    "diagnose.zeros": {
        "en": "`{name}` should be all zeros, but has values like {value:.4g}.",
        "zh": "`{name}` 应该全是 0，却有 {value:.4g} 这样的值。",
    },
    "diagnose.values": {
        "en": "`{name}` = {got}, expected {want}.",
        "zh": "`{name}` = {got}，应该是 {want}。",
    },
    "diagnose.values_at": {
        "en": "`{name}` differs from the expected values in {count} of {size} places; "
        "at {index} it is {got}, expected {want}.",
        "zh": "`{name}` 与正确值在 {size} 个位置中有 {count} 处不同；在 {index} 处是 {got}，应该是 {want}。",
    },
    "diagnose.length": {
        "en": "`{name}` has {got} entries, expected {want}.",
        "zh": "`{name}` 有 {got} 项，应该有 {want} 项。",
    },
    # ------------------------------------------------------------ the function
    "diagnose.no_function": {
        "en": "There is no `def {function}(...)` in your code.",
        "zh": "你的代码里没有 `def {function}(...)`。",
    },
    # zh: a space before the Latin ones, which follow a Chinese character ("用了 `for` 循环")
    "diagnose.loop_for": {"en": "a `for` loop", "zh": " `for` 循环"},
    "diagnose.loop_while": {"en": "a `while` loop", "zh": " `while` 循环"},
    "diagnose.loop_comprehension": {"en": "a comprehension", "zh": "推导式"},
    "diagnose.loop": {
        "en": "`{function}` uses {kind} (line {line}): this exercise asks for vectorised code, "
        "with no loop over the examples or the features. Let NumPy do it: np.dot, +, *, np.sum.",
        "zh": "`{function}` 用了{kind}（第 {line} 行）：这个练习要求向量化的代码，"
        "不能对样本或特征做循环。交给 NumPy 来做：np.dot、+、*、np.sum。",
    },
    "diagnose.loop_in_helper": {
        "en": "`{function}` calls `{helper}`, which uses {kind} (line {line}): this exercise asks for "
        "vectorised code, with no loop over the examples or the features.",
        "zh": "`{function}` 调用的 `{helper}` 用了{kind}（第 {line} 行）：这个练习要求向量化的代码，"
        "不能对样本或特征做循环。",
    },
    "diagnose.changed_input": {
        "en": "`{function}` changed its argument `{argument}` in place: after the call the caller's "
        "array is different. Make a new array ({argument} = {argument} - ...) instead of "
        "changing it ({argument} -= ...).",
        "zh": "`{function}` 原地修改了参数 `{argument}`：调用之后，调用者手里的数组变了。"
        "请生成新数组（{argument} = {argument} - ...），不要原地修改（{argument} -= ...）。",
    },
    "diagnose.global": {
        "en": "`{function}` reads {names} from outside the function instead of using its arguments "
        "({arguments}): a function must work on whatever it is given. {detail}",
        "zh": "`{function}` 读取了函数外面的 {names}，而没有用它的参数（{arguments}）："
        "函数必须能处理传给它的任何输入。{detail}",
    },
    "diagnose.ignored": {
        "en": "`{function}` ignores its argument `{argument}`: called with {argument}={given}, it gives "
        "what {argument}={used} gives. Use the argument instead of a fixed value.",
        "zh": "`{function}` 忽略了参数 `{argument}`：用 {argument}={given} 调用时，结果与 {argument}={used} "
        "时一样。请使用这个参数，不要写死一个固定值。",
    },
    "diagnose.hard_coded": {
        "en": "Right on the example ({example}) but wrong on {other}: does your code use a fixed "
        "size{literal} instead of the arguments' shapes? {detail}",
        "zh": "在示例（{example}）上是对的，在 {other} 上却错了：你的代码是不是用了固定的尺寸{literal}，"
        "而不是参数的形状？{detail}",
    },
    "diagnose.literal": {
        "en": " (the {value} on line {line}?)",
        "zh": "（第 {line} 行的 {value}？）",
    },
    "diagnose.uphill": {
        "en": "`{function}` moves the parameters uphill: its result is what w := w + α·dw gives. "
        "Gradient descent subtracts: w := w − α·dw, b := b − α·db.",
        "zh": "`{function}` 把参数往上坡方向移动了：结果与 w := w + α·dw 相同。"
        "梯度下降用的是减法：w := w − α·dw，b := b − α·db。",
    },
    "diagnose.without_b": {
        "en": "`{function}` gives what b = 0 would give: is + b missing in z = wᵀx + b?",
        "zh": "`{function}` 的结果与 b = 0 时相同：z = wᵀx + b 里是不是漏了 + b？",
    },
    "diagnose.fix_above": {
        "en": "Your `{function}` from the exercise above is not right yet, and this one builds on it. "
        "Fix it there first: {detail}",
        "zh": "上面练习里你写的 `{function}` 还不对，而这个练习要用到它。请先在那里改正：{detail}",
    },
    # ------------------------------------------------------------ lesson cells
    "diagnose.solve_first": {
        "en": "Solve the exercises above first: `{name}` is not defined. "
        "(After the kernel restarted, F5 runs your code above again.)",
        "zh": "请先完成上面的练习：`{name}` 还没有定义。（如果内核重启过，按 F5 会重新运行上面你写的代码。）",
    },
    "diagnose.not_solved": {
        "en": "Solve the exercises above first: your `{name}` does not give the right result yet. {detail}",
        "zh": "请先完成上面的练习：你的 `{name}` 还没有给出正确的结果。{detail}",
    },
    "diagnose.run_first": {
        "en": "Run the cells above first: `{name}` is not defined. (F5 runs every cell of the lesson.)",
        "zh": "请先运行上面的代码格：`{name}` 还没有定义。（按 F5 会依次运行本课所有的代码格。）",
    },
}
