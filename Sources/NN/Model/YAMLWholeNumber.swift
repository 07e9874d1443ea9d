import Yams

extension Node {
    /// The scalar as a whole number written in decimal (`12`, `-3`, `+4`, also quoted), or nil.
    ///
    /// Model files and lessons read whole numbers through this instead of Yams' `int`, which
    /// follows YAML 1.1: `010` is octal 8, `0x1f` is hex, `1:30` is base 60 (90), and a base-60
    /// number too large for `Int` traps inside Yams (`{linear: 288888888888:8888888888888888888:888800}`
    /// crashed `convwalk models check`; found by `FuzzModel`). Decimal only is what an author
    /// means; anything else is reported as "expected a whole number" by the caller.
    public var wholeNumber: Int? {
        guard case .scalar(let s) = self else { return nil }
        return Int(s.string)
    }
}

/// libyaml's problem text in words: its nesting message names a C function
/// ("Maximum nesting level reached, set with yaml_set_max_nest_level()") that no author can call.
public func yamlProblemInWords(_ problem: String) -> String {
    if problem.hasPrefix("Maximum nesting level reached") {
        return "lists or mappings are nested too deeply (more than 1000 levels)"
    }
    return problem
}
