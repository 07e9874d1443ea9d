/// The words of the demo pages in each language. `{…}` are replaced with the run's numbers.
enum DemoText {
    enum Key: CaseIterable {
        case title, summary, intro, introImported, architecture, architectureLinks, training, trainingText, reproduce, loss, accuracy,
             epoch, train, test, filters, filtersText, before, after, featureMaps, featureMapsText, walkTitle,
             inputStep, layerStep, softmaxStep, evaluation, evaluationText, confusion, perClass, mistakes, mistakeCaption,
             trueLabel, predicted, probability, classLabel, noMistakes
    }

    static func text(_ key: Key, _ lang: String) -> String {
        (lang == "ko" ? korean : english)[key] ?? english[key] ?? ""
    }

    static let english: [Key: String] = [
        .title: "Demo: {model}",
        .summary: "{model} trained on {train} real MNIST digits: {accuracy}% on {test} test digits. Its filters, feature maps and mistakes.",
        .intro: "This page shows a real {model} that convwalk trained with the same kernels the lessons step through: {epochs} epochs on {train} handwritten digits (seed {seed}). On {test} test digits it is right **{accuracy}%** of the time. Every number and picture here comes from its checkpoint and training log.",
        .introImported: "This page shows a {model} whose weights were trained elsewhere (for example in PyTorch) and imported with `convwalk import`. convwalk runs it with the same kernels the lessons step through: on {test} test digits it is right **{accuracy}%** of the time. Its filters \"before training\" are convwalk's own random initialisation (seed {seed}), for comparison.",
        .architecture: "Architecture",
        .architectureLinks: "Lessons on these layers: {links}.",
        .training: "Training",
        .trainingText: "Training took {seconds} s ({ips} images/s on {threads} thread(s)) with {optimizer}, learning rate {lr}, batches of {batch}. Final test accuracy: **{accuracy}%**, test loss {loss}.",
        .reproduce: "Reproduce this run:",
        .loss: "Cross-entropy loss per epoch", .accuracy: "Accuracy per epoch", .epoch: "epoch", .train: "train", .test: "test",
        .filters: "Learned filters",
        .filtersText: "The {count} kernels of the first convolution, before training (random, He initialisation) and after. Blue is negative, red positive.",
        .before: "before training", .after: "after training",
        .featureMaps: "Walk a digit through the network",
        .featureMapsText: "One test digit of each class, layer by layer: what each convolution and pooling layer produces, and at the end the softmax probabilities with the argmax.",
        .walkTitle: "Digit {digit} through {model}",
        .inputStep: "input: one {shape} test digit, a {label}",
        .layerStep: "{layer} ({description}): {from} → {to}",
        .softmaxStep: "softmax: the largest probability is {p} for class {argmax} ({verdict})",
        .evaluation: "Evaluation",
        .evaluationText: "Rows are the true digits, columns the predictions; the diagonal counts the {correct} correct answers out of {total}.",
        .confusion: "Confusion matrix on {total} test digits", .perClass: "Accuracy per class",
        .mistakes: "The most confident mistakes",
        .mistakeCaption: "true {label} / predicted {predicted}, p={p}",
        .trueLabel: "true", .predicted: "predicted", .probability: "probability", .classLabel: "class",
        .noMistakes: "No mistakes on this test set.",
    ]

    static let korean: [Key: String] = [
        .title: "데모: {model}",
        .summary: "실제 MNIST 숫자 {train}개로 학습한 {model}: 테스트 숫자 {test}개에서 {accuracy}%. 필터, 특성 맵, 틀린 예.",
        .intro: "이 페이지는 convwalk가 강의에서 한 단계씩 따라가 본 바로 그 커널로 학습시킨 실제 {model}을 보여 줍니다. 손글씨 숫자 {train}개로 {epochs} 에폭 학습했습니다(시드 {seed}). 테스트 숫자 {test}개에서의 정답률은 **{accuracy}%**. 이 페이지의 모든 숫자와 그림은 체크포인트와 학습 기록에서 나왔습니다.",
        .introImported: "이 페이지는 다른 곳(예: PyTorch)에서 학습한 가중치를 `convwalk import`로 가져온 {model}을 보여 줍니다. convwalk는 강의에서 한 단계씩 따라가 본 바로 그 커널로 이 신경망을 실행합니다. 테스트 숫자 {test}개에서의 정답률은 **{accuracy}%**. \"학습 전\" 필터는 비교를 위한 convwalk 자신의 무작위 초기화(시드 {seed})입니다.",
        .architecture: "구조",
        .architectureLinks: "이 층들을 다루는 강의: {links}.",
        .training: "학습",
        .trainingText: "학습에 {seconds}초가 걸렸습니다(스레드 {threads}개, 초당 이미지 {ips}개). 옵티마이저 {optimizer}, 학습률 {lr}, 배치 크기 {batch}. 최종 테스트 정확도 **{accuracy}%**, 테스트 손실 {loss}.",
        .reproduce: "이 실행을 재현하려면:",
        .loss: "에폭별 교차 엔트로피 손실", .accuracy: "에폭별 정확도", .epoch: "에폭", .train: "학습", .test: "테스트",
        .filters: "학습된 필터",
        .filtersText: "첫 번째 합성곱의 커널 {count}개, 학습 전(무작위, He 초기화)과 학습 후. 파란색은 음수, 빨간색은 양수입니다.",
        .before: "학습 전", .after: "학습 후",
        .featureMaps: "숫자 하나가 신경망을 지나가는 과정",
        .featureMapsText: "클래스마다 테스트 숫자 하나를 골라 층별로 봅니다. 합성곱층과 풀링층이 만드는 특성 맵, 그리고 마지막에 소프트맥스 확률과 argmax.",
        .walkTitle: "숫자 {digit}이(가) {model}을 지나가는 과정",
        .inputStep: "입력: {shape} 테스트 숫자 하나, 정답 {label}",
        .layerStep: "{layer} ({description}): {from} → {to}",
        .softmaxStep: "소프트맥스: 가장 큰 확률은 클래스 {argmax}의 {p} ({verdict})",
        .evaluation: "평가",
        .evaluationText: "행은 실제 숫자, 열은 예측입니다. 대각선이 전체 {total}개 중 맞힌 {correct}개입니다.",
        .confusion: "테스트 숫자 {total}개의 혼동 행렬", .perClass: "클래스별 정확도",
        .mistakes: "가장 자신 있게 틀린 예",
        .mistakeCaption: "정답 {label} / 예측 {predicted}, p={p}",
        .trueLabel: "정답", .predicted: "예측", .probability: "확률", .classLabel: "클래스",
        .noMistakes: "이 테스트 세트에서는 틀린 것이 없습니다.",
    ]

    /// The text with `{name}` placeholders replaced.
    static func fill(_ key: Key, _ lang: String, _ values: [String: String]) -> String {
        var s = text(key, lang)
        for (k, v) in values { s = s.replacingOccurrences(of: "{\(k)}", with: v) }
        return s
    }
}
