/// A piece of interface text. Templates and the player script ask for these by key; the words
/// themselves live only in the tables below.
public enum UIKey: String, CaseIterable, Sendable {
    case languageName
    case contents
    case previous
    case next
    case lessons
    case demos
    case more
    case home
    case skipToContent
    case languageSwitch
    case chooseLanguage
    case first
    case last
    case play
    case pause
    case stepSlider
    /// `{n}` and `{total}` are replaced.
    case stepOf
    case player
    case overview
    case playerHelp
    /// `{n}` is replaced by the lesson's number.
    case lessonNumber
    /// The summary of an exercise's collapsed answer.
    case answer
    /// The search box's label.
    case search
    case searchPlaceholder
    case searchNone
    /// `{n}` is replaced by the number of pages found.
    case searchCount
}

/// One table of interface strings per language.
public enum UIStrings {
    /// Languages with a complete table.
    public static var languages: [String] { tables.keys.sorted() }

    /// The table for a language code.
    /// - Throws: `SiteError.unsupportedLanguage`.
    public static func table(for code: String) throws -> [UIKey: String] {
        guard let table = tables[code] else {
            throw SiteError.unsupportedLanguage(code: code, supported: languages)
        }
        return table
    }

    /// "step 3 of 4" in the given table.
    static func stepOf(_ n: Int, _ total: Int, in table: [UIKey: String]) -> String {
        (table[.stepOf] ?? "")
            .replacingOccurrences(of: "{n}", with: String(n))
            .replacingOccurrences(of: "{total}", with: String(total))
    }

    static let tables: [String: [UIKey: String]] = ["en": english, "ko": korean]

    static let english: [UIKey: String] = [
        .languageName: "English",
        .contents: "Contents",
        .previous: "Previous",
        .next: "Next",
        .lessons: "Lessons",
        .demos: "Demos",
        .more: "More",
        .home: "Course home",
        .skipToContent: "Skip to content",
        .languageSwitch: "Read this page in",
        .chooseLanguage: "Choose a language",
        .first: "First",
        .last: "Last",
        .play: "Play",
        .pause: "Pause",
        .stepSlider: "Step",
        .stepOf: "step {n} of {total}",
        .player: "Step-through player",
        .overview: "Overview",
        .playerHelp: "Use ← and → to step, Home and End to jump, space to play or pause.",
        .lessonNumber: "Lesson {n}",
        .answer: "Answer",
        .search: "Search the lessons",
        .searchPlaceholder: "Search (press /)",
        .searchNone: "No page matches.",
        .searchCount: "{n} pages found",
    ]

    static let korean: [UIKey: String] = [
        .languageName: "한국어",
        .contents: "목차",
        .previous: "이전",
        .next: "다음",
        .lessons: "강의",
        .demos: "데모",
        .more: "더 보기",
        .home: "강좌 처음으로",
        .skipToContent: "본문으로 건너뛰기",
        .languageSwitch: "다른 언어로 보기",
        .chooseLanguage: "언어를 선택하세요",
        .first: "처음",
        .last: "마지막",
        .play: "재생",
        .pause: "일시정지",
        .stepSlider: "단계",
        .stepOf: "{total}단계 중 {n}단계",
        .player: "단계별 재생기",
        .overview: "전체 보기",
        .playerHelp: "←와 →로 한 단계씩, Home과 End로 처음과 끝으로 이동하고, 스페이스로 재생하거나 멈춥니다.",
        .lessonNumber: "{n}강",
        .answer: "정답",
        .search: "강의 검색",
        .searchPlaceholder: "검색 (/ 키)",
        .searchNone: "찾은 페이지가 없습니다.",
        .searchCount: "{n}개 페이지를 찾았습니다",
    ]
}
