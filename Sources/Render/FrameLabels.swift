import KernelCore
import Lessons
import Words

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
    public var placed: String
    public var normalised: String
    /// The sentences of the frames' alt text.
    public var alt: FrameAltLabels

    /// The words in `language`, from its catalog.
    public init(_ language: Language) {
        step = language[.frameStep]
        allSteps = language[.frameAllSteps]
        scalar = language[.frameScalar]
        padding = language[.framePadding]
        channel = language[.frameChannel]
        filter = language[.frameFilter]
        filterChannel = language[.frameFilterChannel]
        partialSums = language[.framePartialSums]
        read = language[.frameRead]
        weights = language[.frameWeights]
        written = language[.frameWritten]
        maxOfWindow = language[.frameMaxOfWindow]
        winner = language[.frameWinner]
        currentTerm = language[.frameCurrentTerm]
        stressed = language[.frameStressed]
        placed = language[.framePlaced]
        normalised = language[.frameNormalised]
        roles = ["input": language[.frameRoleInput], "parameter": language[.frameRoleParameter],
                 "output": language[.frameRoleOutput], "gradient": language[.frameRoleGradient]]
        alt = FrameAltLabels(language)
    }

    /// The words for a lesson language code; English for a code without a catalog.
    public static func forLanguage(_ code: String) -> FrameLabels { FrameLabels(Language(code: code)) }

    /// `template` with each `{key}` replaced, in one pass (a filled-in value is not read again).
    static func fill(_ template: String, _ values: [String: String]) -> String { Catalog.fill(template, values) }

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
            case .placed: placed
            case .normalised: normalised
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
