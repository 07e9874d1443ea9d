import KernelCore
import Lessons

/// The text of the files `convwalk init` writes (see `CourseScaffold`). The lessons are course
/// content, like `lessons/`: the author edits them; they are not words of convwalk's own pages.
enum CourseTemplate {
    static func courseYAML(quotedTitle: String) -> String {
        """
        # The course's title and tagline per language: the index page's heading and every page's
        # <title>. A language with a lesson but no entry here gets convwalk's own title.
        en: {title: \(quotedTitle), tagline: "Convolutional networks, worked by hand and checked by the machine"}
        ko: {title: \(quotedTitle), tagline: "손으로 풀고 기계가 확인하는 합성곱 신경망"}

        """
    }

    /// Every op of the op table, as the guide lists them: "`conv2d`, `maxpool`, ... and `learn-kernel`".
    static var opList: String {
        let names = LessonOp.allCases.map { "`\($0.rawValue)`" }
        return names.dropLast().joined(separator: ", ") + " and " + names.last!
    }

    static var guide: String { #"""
    # Writing this course

    This folder is a convwalk course. Each lesson is a Markdown file in `lessons/`; its worked
    examples are ` ```example ` blocks that `convwalk check` runs through the same kernels that
    train real networks, and compares with the numbers you wrote by hand in `expect`.

    | path | what |
    |---|---|
    | `lessons/01-first-convolution.md` | a lesson to copy: front matter, prose, math, three examples |
    | `lessons/ko/01-first-convolution.md` | its Korean translation (same `slug`, `lang: ko`) |
    | `lessons/course.yaml` | the course's title and tagline per language |
    | `output/` | the site, written by `convwalk build` (not in git) |
    | `runs/` | the trained demo networks, made by the first full build (not in git) |

    ## Commands (run them in this folder)

        convwalk check                 # every worked example; file:line:column of each wrong number
        convwalk build --no-demos      # the site into output/ (open output/index.html)
        convwalk build                 # the same plus the trained-network pages (trains them first: minutes)
        convwalk serve --no-demos      # preview on http://127.0.0.1:8000, rebuilt and reloaded on change
        convwalk compute example.yaml  # one example as JSON: result, shape and every step

    ## A lesson

    ````markdown
    ---
    title: Stride              # the page's heading
    slug: stride               # its name in the site: letters, digits, . _ -
    order: 2                   # its place in the course
    summary: Skip positions.   # one line for the index
    ---

    Prose in Markdown, math as $O = \lfloor (I - F)/S \rfloor + 1$.

    ```example
    id: stride-2               # unique in the language; the player's link
    op: conv2d
    input: [[1,2,3,4],[5,6,7,8],[9,10,11,12],[13,14,15,16]]
    kernel: [[1,0],[0,1]]
    stride: 2
    expect: [[7,11],[23,27]]
    ```
    ````

    Every example becomes a step-through player on its page (`display: answer` shows it as a
    collapsed answer for an exercise, `display: hidden` only checks it). `expect` is the whole
    result, one number, `{shape: [2,2]}` or `{cells: {"1,0": 23}}`; a value matches within
    `tolerance` (default 0.0001). A wrong value fails `check` and `build` at its line:

        lessons/02-stride.md:16:18: stride-2: cell [1,0] expected 24, computed 23

    The ops: \#(opList). An unknown op or field is an error that lists the accepted ones; the
    full reference with every field is `lessons/README.md` in the convwalk repository.

    ## Another language

    Put the translation in `lessons/<code>/` with the same `slug` and `lang: <code>` in its front
    matter (English and Korean are built in). `convwalk check` warns about a lesson missing in
    one language, and the site shows the other language's version in its place, with a note.

    """#
    }

    /// The closing exercise, the same block in every language (its numbers need no words).
    static let reluExercise = """
        ```example
        id: first-relu-exercise
        op: relu
        display: answer
        input: [[-3,2],[0,-1]]
        expect: [[0,2],[0,0]]
        ```
        """

    static let englishLesson = #"""
    ---
    title: A first convolution
    slug: first-convolution
    order: 1
    summary: Slide a 2 × 2 kernel over a 3 × 3 image, multiply, add, and add the bias.
    ---

    A convolution repeats one move: place a small grid of weights, the **kernel**, on the image,
    multiply each pair of overlapping numbers and add the products. The sum, plus the kernel's
    **bias**, is one cell of the output, the **feature map**. Then slide the kernel one pixel
    and do it again.

    ## One window at a time

    Take a $3 \times 3$ image and a $2 \times 2$ kernel whose left column is 1 and right column
    is 0, with bias 5:

    ```example
    id: first-conv
    op: conv2d
    title: A 2 × 2 kernel over a 3 × 3 image
    caption: Each step multiplies the four numbers under the kernel by its weights, adds them, and adds the bias.
    input: [[1,2,3],[2,1,0],[3,0,1]]
    kernel: [[1,0],[1,0]]
    bias: 5
    expect: [[8,8],[10,6]]
    ```

    In the top-left window the products add up to
    $1 \cdot 1 + 2 \cdot 0 + 2 \cdot 1 + 1 \cdot 0 = 3$, and the bias makes it $8$.
    This kernel adds the left column of each window.

    ## How big is the output?

    A kernel of size $F$ fits $O = \lfloor (I - F + 2P)/S \rfloor + 1$ times across an input of
    size $I$ with padding $P$ and stride $S$. Here $I = 3$, $F = 2$, $P = 0$ and $S = 1$:

    ```example
    id: first-output-size
    op: output-size
    title: The output size of a 2 × 2 kernel over 3 × 3
    input: 3
    kernel: 2
    expect: 2
    ```

    ## Exercise

    A **ReLU** keeps positive numbers and turns negative ones into 0. What does it make of the
    feature map $\begin{bmatrix} -3 & 2 \\ 0 & -1 \end{bmatrix}$?

    \#(reluExercise)

    """#

    static let koreanLesson = #"""
    ---
    title: 첫 번째 합성곱
    slug: first-convolution
    order: 1
    summary: 2 × 2 커널을 3 × 3 이미지 위로 옮기며 곱하고, 더하고, 편향을 더한다.
    lang: ko
    ---

    합성곱(convolution)은 한 가지 동작의 반복이다. 작은 가중치 격자인 **커널**(kernel)을 이미지
    위에 올려놓고, 겹치는 숫자끼리 곱한 다음 그 곱들을 더한다. 이 합에 커널의 **편향**(bias)을
    더한 값이 출력의 한 칸이 되고, 이 출력을 **특성 맵**(feature map)이라고 부른다. 그런 다음
    커널을 한 픽셀 옮겨 같은 일을 되풀이한다.

    ## 한 번에 윈도우 하나씩

    $3 \times 3$ 이미지와, 왼쪽 열이 1이고 오른쪽 열이 0인 $2 \times 2$ 커널, 그리고 편향 5를
    보자.

    ```example
    id: first-conv
    op: conv2d
    title: 3 × 3 이미지 위의 2 × 2 커널
    caption: 각 단계에서 커널 아래의 네 숫자에 커널의 가중치를 곱해 더하고, 편향을 더한다.
    input: [[1,2,3],[2,1,0],[3,0,1]]
    kernel: [[1,0],[1,0]]
    bias: 5
    expect: [[8,8],[10,6]]
    ```

    왼쪽 위 윈도우에서 곱의 합은 $1 \cdot 1 + 2 \cdot 0 + 2 \cdot 1 + 1 \cdot 0 = 3$이고, 편향을
    더하면 $8$이 된다. 이 커널은 결국 각 윈도우의 왼쪽 열을 더한다.

    ## 출력의 크기는?

    크기 $F$인 커널은 패딩 $P$, 스트라이드 $S$일 때 크기 $I$인 입력 위에
    $O = \lfloor (I - F + 2P)/S \rfloor + 1$번 들어간다. 여기서는 $I = 3$, $F = 2$, $P = 0$,
    $S = 1$이다.

    ```example
    id: first-output-size
    op: output-size
    title: 3 × 3 위의 2 × 2 커널이 만드는 출력의 크기
    input: 3
    kernel: 2
    expect: 2
    ```

    ## 연습 문제

    **ReLU**는 양수는 그대로 두고 음수는 0으로 바꾼다. 특성 맵
    $\begin{bmatrix} -3 & 2 \\ 0 & -1 \end{bmatrix}$은 어떻게 될까?

    \#(reluExercise)

    """#
}
