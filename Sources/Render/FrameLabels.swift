import Lessons

/// The words drawn in worked-example frames, so a Korean lesson gets Korean pictures.
///
/// Templates use `{name}` placeholders. Tensor names come from the trace and are drawn
/// as they are; roles, slice labels, the header, the partial sums and the legend come
/// from here.
public struct FrameLabels: Sendable, Equatable {
    /// `{op}`, `{k}` (1-based step), `{n}` (steps).
    public var step: String
    /// The overview's header: `{op}`, `{n}`.
    public var allSteps: String
    /// Role names by `TraceTensor.Role.rawValue`.
    public var roles: [String: String]
    public var scalar: String
    /// `{p}`: the padding.
    public var padding: String
    /// `{c}`: a channel.
    public var channel: String
    /// `{f}`: a filter.
    public var filter: String
    /// `{f}`, `{c}`.
    public var filterChannel: String
    /// Before the per-channel sums, e.g. "per-channel sums".
    public var partialSums: String
    public var read: String
    public var weights: String
    public var written: String
    public var maxOfWindow: String
    public var winner: String
    public var currentTerm: String
    public var stressed: String
    /// The sentences of the frames' alt text.
    public var alt: FrameAltLabels

    public static let english = FrameLabels(
        step: "{op} · step {k} of {n}", allSteps: "{op} · all {n} steps",
        roles: ["input": "input", "parameter": "parameter", "output": "output", "gradient": "gradient"],
        scalar: "scalar", padding: "padding {p}", channel: "channel {c}", filter: "filter {f}",
        filterChannel: "filter {f}, channel {c}", partialSums: "per-channel sums", read: "read", weights: "weights",
        written: "written", maxOfWindow: "max of window", winner: "largest (winner)", currentTerm: "current term",
        stressed: "stressed", alt: .english)

    public static let korean = FrameLabels(
        step: "{op} · {n}단계 중 {k}단계", allSteps: "{op} · 전체 {n}단계",
        roles: ["input": "입력", "parameter": "매개변수", "output": "출력", "gradient": "기울기"],
        scalar: "스칼라", padding: "패딩 {p}", channel: "채널 {c}", filter: "필터 {f}",
        filterChannel: "필터 {f}, 채널 {c}", partialSums: "채널별 합", read: "읽은 칸", weights: "가중치",
        written: "쓴 칸", maxOfWindow: "윈도우의 최댓값", winner: "최댓값 (승자)", currentTerm: "현재 항", stressed: "강조",
        alt: .korean)

    /// The labels for a lesson language code (`en`, `ko`); English for any other.
    public static func forLanguage(_ code: String) -> FrameLabels { code == "ko" ? .korean : .english }

    /// `template` with each `{key}` replaced, in one pass (a filled-in value is not read again).
    static func fill(_ template: String, _ values: [String: String]) -> String { TracePhrases.fill(template, values) }

    func header(trace: Trace, step: Int?) -> String {
        let n = String(trace.steps.count)
        guard let step else { return Self.fill(allSteps, ["op": trace.op, "n": n]) }
        return Self.fill(self.step, ["op": trace.op, "k": String(step + 1), "n": n])
    }

    func partialSumsLine(_ step: TraceStep) -> String {
        "\(partialSums): " + step.partialSums.enumerated()
            .map { Self.fill(channel, ["c": String($0.offset)]) + ": " + NumberFormat.compact($0.element) }.joined(separator: ", ")
    }

    /// What each mark means, worded for the op.
    func legend(_ mark: CellMark, op: String) -> String {
        switch mark {
        case .read: read
        case .weight: weights
        case .write: written
        case .emphasis:
            switch LessonOp(rawValue: op)?.emphasis ?? .stressed {
            case .windowMax: maxOfWindow
            case .winner: winner
            case .currentTerm: currentTerm
            case .stressed: stressed
            }
        }
    }

    /// "input · 3×3", "parameter · 2×3×2×2", "input · 5×5, padding 1".
    func subtitle(_ t: TraceTensor) -> String {
        var s = "\(roles[t.role.rawValue] ?? t.role.rawValue) · "
            + (t.shape.isEmpty ? scalar : t.shape.map(String.init).joined(separator: "×"))
        if t.padding.contains(where: { $0 > 0 }) {
            let p = Set(t.padding).count == 1 ? "\(t.padding[0])" : t.padding.map(String.init).joined(separator: ", ")
            s += ", " + Self.fill(padding, ["p": p])
        }
        return s
    }

    /// The label of the slice with leading indices `lead` of a tensor of `shape`, nil when it is the only slice.
    func sliceLabel(_ lead: [Int], shape: [Int]) -> String? {
        switch shape.count {
        case 0, 1, 2: return nil
        case 3: return shape[0] > 1 ? Self.fill(channel, ["c": String(lead[0])]) : nil
        case 4:
            if shape[0] * shape[1] == 1 { return nil }
            if shape[1] == 1 { return Self.fill(filter, ["f": String(lead[0])]) }
            return Self.fill(filterChannel, ["f": String(lead[0]), "c": String(lead[1])])
        default: return "[" + lead.map(String.init).joined(separator: ", ") + "]"
        }
    }
}
