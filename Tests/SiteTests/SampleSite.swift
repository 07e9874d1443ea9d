import Foundation
@testable import Site

/// A small two-language course used by the Site tests: two lessons with math and a table, a 4-step
/// convolution player with real arithmetic, a demo page and an index intro.
enum SampleSite {
    static let input: [[Int]] = [[1, 2, 0, 1], [0, 1, 3, 1], [2, 1, 0, 0], [1, 0, 1, 2]]
    static let kernel: [[Int]] = [[1, 0, -1], [1, 0, -1], [1, 0, -1]]

    /// The 2×2 output of the valid convolution (cross-correlation) of `input` with `kernel`.
    static func output(_ row: Int, _ col: Int) -> (terms: [String], sum: Int) {
        var terms: [String] = []
        var sum = 0
        for i in 0..<3 {
            for j in 0..<3 {
                let x = input[row + i][col + j], w = kernel[i][j]
                terms.append("\(x)·\(w < 0 ? "(\(w))" : "\(w)")")
                sum += x * w
            }
        }
        return (terms, sum)
    }

    static func framePath(_ step: Int) -> String { "figures/conv/step-\(step).png" }

    /// Frame `step` (1…4): the input grid with the 3×3 window, and the output grid.
    static func frame(step: Int) -> Data {
        let cell = 36, pad = 12, gap = 36
        let row = (step - 1) / 2, col = (step - 1) % 2
        let width = pad * 2 + 4 * cell + gap + 2 * cell, height = pad * 2 + 4 * cell
        return TinyPNG.encode(width: width, height: height) { x, y in
            let gx = x - pad, gy = y - pad
            let outX = gx - 4 * cell - gap
            func border(_ v: Int) -> Bool { v % cell == 0 || v % cell == cell - 1 }
            if gy >= 0, gy < 4 * cell, gx >= 0, gx < 4 * cell {
                let cx = gx / cell, cy = gy / cell
                if border(gx) || border(gy) { return (90, 100, 120) }
                let inWindow = (col...col + 2).contains(cx) && (row...row + 2).contains(cy)
                let shade = UInt8(235 - 30 * input[cy][cx])
                return inWindow ? (255, 214, 120) : (shade, shade, shade)
            }
            if gy >= 0, gy < 2 * cell, outX >= 0, outX < 2 * cell {
                if border(outX) || border(gy) { return (90, 100, 120) }
                let index = (gy / cell) * 2 + outX / cell
                return index == step - 1 ? (40, 86, 201) : index < step - 1 ? (170, 190, 235) : (245, 245, 245)
            }
            return (255, 255, 255)
        }
    }

    static func player(lang: String) -> Player {
        let steps = (1...4).map { step -> PlayerStep in
            let (terms, sum) = output((step - 1) / 2, (step - 1) % 2)
            let alt = lang == "ko"
                ? "입력 격자 위의 3×3 창과 출력 칸 \(step)"
                : "The 3×3 window on the input grid and output cell \(step)"
            return PlayerStep(image: framePath(step), caption: terms.joined(separator: " + ") + " = \(sum)", alt: alt)
        }
        return Player(id: "conv-2x2", title: lang == "ko" ? "3×3 커널을 밀며 계산하기" : "Sliding a 3×3 kernel", steps: steps)
    }

    static func lessonOne(lang: String) -> String {
        lang == "ko" ? """
        ## 합성곱이란

        출력의 한 칸은 입력 창과 커널을 곱해 더한 값입니다: $y_{ij} = \\sum_{m,n} x_{i+m,j+n}\\, w_{mn}$.

        ## 크기

        | 입력 | 커널 | 출력 |
        |---:|---:|---:|
        | 4×4 | 3×3 | 2×2 |

        $$H_{out} = H - K + 1$$
        """ : """
        ## What a convolution computes

        Each output cell is the sum of the input window times the kernel:
        $y_{ij} = \\sum_{m,n} x_{i+m,j+n}\\, w_{mn}$.

        ## Sizes

        | input | kernel | output |
        |---:|---:|---:|
        | 4×4 | 3×3 | 2×2 |

        $$H_{out} = H - K + 1$$

        ## Step by step
        """
    }

    static func lessonTwo(lang: String) -> String {
        lang == "ko" ? """
        ## 스트라이드

        스트라이드 $s$이면 $H_{out} = \\lfloor (H - K)/s \\rfloor + 1$입니다.
        """ : """
        ## Stride

        With stride $s$, $H_{out} = \\lfloor (H - K)/s \\rfloor + 1$.

        | stride | output for 4×4, K=3 |
        |---|---|
        | 1 | 2×2 |
        | 2 | ~~2×2~~ 1×1 |
        """
    }

    static func pages(lang: String) -> [SitePage] {
        let ko = lang == "ko"
        return [
            SitePage(slug: "index", lang: lang, title: "", kind: .index,
                     blocks: [.markdown(ko ? "모든 숫자는 실제 커널이 계산합니다." : "Every number on these pages is computed by real kernels.")]),
            SitePage(slug: "01-convolution", lang: lang, title: ko ? "합성곱" : "Convolution", order: 1,
                     summary: ko ? "커널을 입력 위로 밀며 곱하고 더합니다." : "Slide a kernel over the input, multiply and add.",
                     blocks: [.markdown(lessonOne(lang: lang)), .player(player(lang: lang)),
                              .figure(Figure(image: framePath(4), alt: ko ? "마지막 단계" : "The last step",
                                             caption: ko ? "네 번째 출력 칸" : "The fourth output cell"))]),
            SitePage(slug: "02-stride", lang: lang, title: ko ? "스트라이드" : "Stride", order: 2,
                     summary: ko ? "창을 한 번에 여러 칸씩 옮깁니다." : "Move the window more than one cell at a time.",
                     blocks: [.markdown(lessonTwo(lang: lang))]),
            SitePage(slug: "demo-lenet", lang: lang, title: ko ? "LeNet-5 데모" : "LeNet-5 demo", order: 1,
                     summary: ko ? "학습된 모델이 숫자를 읽습니다." : "A trained model reads digits.", kind: .demo,
                     blocks: [.markdown(ko ? "## 예측\n\n곧 나옵니다." : "## Predictions\n\nComing soon.\n\n## Accuracy\n\n$98.9\\%$ on the test set.")]),
        ]
    }

    static func model(languages: [String] = ["en", "ko"]) -> SiteModel {
        let titles = ["en": ("Convolution, step by step", "A course where every number is computed."),
                      "ko": ("한 걸음씩 배우는 합성곱", "모든 숫자를 직접 계산하는 강좌")]
        var files: [String: SiteFile] = [:]
        for step in 1...4 { files[framePath(step)] = .bytes(frame(step: step)) }
        return SiteModel(languages: languages.map { SiteLanguage(code: $0, title: titles[$0]!.0, tagline: titles[$0]!.1) },
                         pages: languages.flatMap { pages(lang: $0) }, files: files, cacheKeys: ["sample": "1"])
    }
}
