import Testing
@testable import TerminalUI

private let helpURL = "https://help.okta.com/ja-jp/content/topics/users-groups-profiles/usgp-add-custom-user-attributes.htm"
private let shortURL = "https://help.okta.com/ja-jp/"

/// What the rules say, written out here rather than taken from the code under test.
private let mayNotStartALine = Set("」』）)］]｝}〉》】〕。、，．,.・：:；;！!？?ー々ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ…‥")
private let mayNotEndALine = Set("「『（(［[｛{〈《【〔")

/// Sentences like the wizard's own, with identifiers, paths, brackets, small kana and URLs.
private let sentences = [
    "マッピングは Dialpad ユーザーの作成時・更新時に dialpadPhone を設定します。既存ユーザーに反映するには今すぐマッピングを適用する必要があります。",
    "管理コンソール > アプリケーション > Dialpad > インポート > 今すぐインポート",
    "クライアント認証が「公開鍵/秘密鍵」であること（アプリケーション > 対象のアプリ > 一般 > 公開鍵）を確認してください。",
    "「プロビジョニング」を有効にすると、Okta は「ユーザーのインポート」と「プッシュ」を行います。チェックボックスをオンにしてください。",
    "Dialpad からの次回のインポートで Okta に番号が反映されます（前回のインポート：2024-05-01 09:14）。今すぐ取り込むには、管理コンソール > アプリケーション > Dialpad > インポート > 今すぐインポート を実行します。",
    "田中さんは番号を受け取りません。マッピングは既定のユーザータイプにしか作られないためです。ディレクトリ > プロファイルエディター > Dialpad > マッピングで、そのタイプへのマッピングも作成してください。",
    "サービスアプリに okta.users.manage を付与し（管理コンソール：アプリケーション > 対象のアプリ > Okta API スコープ > 付与）、そのスコープを要求してください（スコープを指定している場合は --scopes）。",
    "カスタム属性の追加方法は \(helpURL) を参照してください。",
    "詳しくは\(shortURL)を見てください（英語のページもあります）。",
    "Map it for their type in Directory > Profile Editor > Dialpad > Mappings.",
]

/// Issue: Japanese wrapped like Latin text started lines with 。 and 」, ended them with 「,
/// and split `dialpadPhone`, URLs and Admin Console paths anywhere.
@Suite struct LineBreakingTests {
    @Test("Latin text breaks at spaces and cuts only words wider than the line", arguments: [
        ("the quick brown fox", 10, ["the quick", "brown fox"]),
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
        ("a\nb", 5, ["a", "b"]),
        ("a\n\nb", 5, ["a", "", "b"]),
        ("", 5, [""]),
        ("one   two", 4, ["one", "two"]),
        ("trailing   ", 20, ["trailing"]),
        ("  indented text here", 10, ["  indented", "text here"]),
        ("    abc", 4, ["abc"]),
    ])
    func latin(text: String, width: Int, lines: [String]) {
        #expect(text.wrapped(toWidth: width) == lines)
    }

    @Test func noWidthNoLines() {
        #expect("abc".wrapped(toWidth: 0) == [])
        #expect("あいう".wrapped(toWidth: -1) == [])
    }

    @Test("a character that may not start a line takes the one before it along", arguments: [
        ("あいうえお。", 10, ["あいうえ", "お。"]),
        ("ユーザーの作成時", 6, ["ユー", "ザーの", "作成時"]),
        ("プロビジョニング", 8, ["プロビ", "ジョニン", "グ"]),
        ("設定を確認してください。", 10, ["設定を確認", "してくださ", "い。"]),
        ("「プロビジョニング」を有効にする", 10, ["「プロビ", "ジョニン", "グ」を有効", "にする"]),
    ])
    func carriesBack(text: String, width: Int, lines: [String]) {
        #expect(text.wrapped(toWidth: width) == lines)
    }

    @Test("an opening bracket goes to the next line with what it opens", arguments: [
        ("あいう「えお」", 8, ["あいう", "「えお」"]),
        ("確認（アプリ）", 6, ["確認", "（アプ", "リ）"]),
    ])
    func openingBrackets(text: String, width: Int, lines: [String]) {
        #expect(text.wrapped(toWidth: width) == lines)
    }

    @Test("no squeezing past the width: where every break on a line is forbidden, it breaks hard")
    func breaksHardWhenNothingElseFits() {
        #expect("チェックボックス".wrapped(toWidth: 4) == ["チェ", "ック", "ボッ", "クス"])
        #expect("「dialpadPhone」".wrapped(toWidth: 6) == ["「dial", "padPho", "ne」"])
        #expect("あ。".wrapped(toWidth: 2) == ["あ", "。"])
    }

    @Test("a Latin word inside Japanese stays whole", arguments: [
        ("設定は dialpadPhone です。", 14, ["設定は", "dialpadPhone", "です。"]),
        ("設定はdialpadPhoneです。", 20, ["設定はdialpadPhoneで", "す。"]),
        ("マッピングは Dialpad ユーザーの作成時・更新時に dialpadPhone を設定します。", 20,
         ["マッピングは Dialpad", "ユーザーの作成時・更", "新時に dialpadPhone", "を設定します。"]),
    ])
    func latinWords(text: String, width: Int, lines: [String]) {
        #expect(text.wrapped(toWidth: width) == lines)
    }

    @Test("an Admin Console path breaks after a `>`", arguments: [
        ("Directory > Profile Editor > Dialpad > Mappings", 26, ["Directory >", "Profile Editor > Dialpad >", "Mappings"]),
        ("Map it in Directory > Profile Editor > Mappings.", 30, ["Map it in Directory >", "Profile Editor > Mappings."]),
        ("Admin Console > Applications > Dialpad > Import > Import Now.", 24,
         ["Admin Console >", "Applications > Dialpad >", "Import > Import Now."]),
        ("管理コンソール > アプリケーション > Dialpad > インポート > 今すぐインポート", 20,
         ["管理コンソール >", "アプリケーション >", "Dialpad >", "インポート >", "今すぐインポート"]),
        ("管理コンソール > アプリケーション > Dialpad > インポート > 今すぐインポート", 30,
         ["管理コンソール >", "アプリケーション > Dialpad >", "インポート > 今すぐインポート"]),
        // The segment fits but not with its `>`: the `>` starts the next line rather than the name splitting.
        ("管理コンソール > アプリケーション > Dialpad > インポート > 今すぐインポート", 16,
         ["管理コンソール >", "アプリケーション", "> Dialpad >", "インポート >", "今すぐインポート"]),
        // A segment wider than the line breaks as any text does.
        ("管理コンソール > アプリケーション > Dialpad > インポート > 今すぐインポート", 10,
         ["管理コン", "ソール >", "アプリケー", "ション >", "Dialpad >", "インポート", "> 今すぐイ", "ンポート"]),
    ])
    func paths(text: String, width: Int, lines: [String]) {
        #expect(text.wrapped(toWidth: width) == lines)
    }

    @Test("a URL moves to the next line whole, and is cut only when wider than a line")
    func urls() {
        #expect("詳しくは \(helpURL) を参照してください。".wrapped(toWidth: helpURL.displayWidth + 2)
            == ["詳しくは", helpURL, "を参照してください。"])
        #expect("詳しくは\(helpURL)を参照してください。".wrapped(toWidth: helpURL.displayWidth + 2)
            == ["詳しくは", helpURL + "を", "参照してください。"])
        #expect("see \(helpURL)".wrapped(toWidth: 40) == [
            "see", "https://help.okta.com/ja-jp/content/topi", "cs/users-groups-profiles/usgp-add-custom", "-user-attributes.htm",
        ])
    }

    @Test("at every width the rules hold and nothing is lost", arguments: sentences)
    func rulesHoldAtEveryWidth(text: String) {
        for width in 10...60 {
            let lines = text.wrapped(toWidth: width)
            #expect(lines.allSatisfy { $0.displayWidth <= width }, "width \(width): \(lines)")
            for line in lines.dropFirst() {
                #expect(line.first.map { !mayNotStartALine.contains($0) && $0 != " " } ?? true, "width \(width): \(lines)")
            }
            for line in lines.dropLast() {
                #expect(line.last.map { !mayNotEndALine.contains($0) } ?? true, "width \(width): \(lines)")
            }
            #expect(lines.joined().filter { $0 != " " } == text.filter { $0 != " " }, "width \(width): \(lines)")
            #expect(LineBreakRules.violations(in: lines).isEmpty, "width \(width): \(lines)")
        }
    }

    @Test("a URL that fits the width is on one line", arguments: sentences)
    func urlsWholeWhereTheyFit(text: String) {
        for url in [helpURL, shortURL] where text.contains(url) {
            for width in max(10, url.displayWidth)...url.displayWidth + 30 {
                let lines = text.wrapped(toWidth: width)
                #expect(lines.contains { $0.contains(url) }, "width \(width): \(lines)")
            }
        }
    }

    @Test func indentationKeptOnlyAtTheStart() {
        let lines = "  マッピングは Dialpad ユーザーの作成時に設定します。".wrapped(toWidth: 16)
        #expect(lines.first?.hasPrefix("  ") == true)
        #expect(lines.dropFirst().allSatisfy { !$0.hasPrefix(" ") })
    }

    @Test("a wide glyph never splits, even on a line narrower than it")
    func wideGlyphAlone() {
        #expect("あい".wrapped(toWidth: 1) == ["あ", "い"])
        #expect("あ い".wrapped(toWidth: 3) == ["あ", "い"])
    }
}

@Suite struct LineBreakRulesTests {
    @Test func wellWrappedTextHasNoViolations() {
        #expect(LineBreakRules.violations(in: sentences[0].wrapped(toWidth: 24)).isEmpty)
        #expect(LineBreakRules.violations(in: []).isEmpty)
        #expect(LineBreakRules.violations(in: [""]).isEmpty)
    }

    @Test("a forbidden start after the first line is reported", arguments: [
        "。えお", "」と", "ッシュ", "ーザー", "、そして", "…続き", "々", ")", "  。えお",
    ])
    func forbiddenStart(line: String) {
        let found = LineBreakRules.violations(in: ["あいう", line])
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("line 2 starts with") == true)
    }

    @Test func theFirstLineMayStartWithAnything() {
        #expect(LineBreakRules.violations(in: ["。えお", "かきく"]).isEmpty)
    }

    @Test("a line ending with an opening bracket is reported", arguments: ["設定（", "「", "see (", "設定「  "])
    func openingAtEnd(line: String) {
        let found = LineBreakRules.violations(in: [line, "続き"])
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("line 1 ends with") == true)
    }

    @Test("frame borders and spaces around the text are not part of it")
    func framesIgnored() {
        let screen = [
            " ┌─ 適用 ───────────┐",
            " │ 計画：送信前に組織を │",
            " │ 。読み直します     │",
            " ┃ 」と表示されます（  ┃",
            " ║ 続き              ║",
            " └─────────────────┘",
        ]
        #expect(LineBreakRules.violations(in: screen) == [
            "line 3 starts with \"。\": \(screen[2])",
            "line 4 starts with \"」\": \(screen[3])",
            "line 4 ends with \"（\": \(screen[3])",
        ])
    }
}
