import Foundation
import Testing
@testable import TerminalUI

/// Issue 23 §4: values meant to be copied (an external name, a namespace, a path, a command
/// line) broke mid-token at 80 columns, labels were clipped (`Other profile…`), and the command
/// line's output was cut by the terminal mid-word in Japanese.
@Suite struct CopyableValueTests {
    static let externalName = "phoneNumbers.^[type=='Dialpad'].value"
    static let namespace = "urn:ietf:params:scim:schemas:core:2.0:User"
    static let command = "dialpad-okta confirm other-source-unseen --yes"

    @Test func aWordWiderThanTheLineIsNotCutWhenAskedNotTo() {
        let text = "externalName = \(Self.externalName) here"
        let lines = text.wrapped(toWidth: 20, cuttingWords: false)
        #expect(lines == ["externalName =", Self.externalName, "here"])
        // The screen's own wrapping still cuts what no pane could show.
        #expect(text.wrapped(toWidth: 20).contains(Self.externalName) == false)
    }

    @Test("a command line of this program is never broken between its words", arguments: [47, 60, 78])
    func commandLineStaysWhole(width: Int) {
        let text = "record that (the box below in the wizard, or \(Self.command)): your word is recorded and shown in the report."
        let lines = text.wrapped(toWidth: width)
        #expect(lines.contains { $0.contains(Self.command) }, "\(lines)")
        #expect(lines.allSatisfy { $0.displayWidth <= width })
        let japanese = "ウィザードでは下のボックス、またはコマンド \(Self.command)）。管理者の申告として記録されます。"
        #expect(japanese.wrapped(toWidth: width).contains { $0.contains(Self.command) })
        // Narrower than the command: a line of its own, whole, for the terminal to wrap softly.
        #expect(text.wrapped(toWidth: 30, cuttingWords: false).contains { $0.hasPrefix(Self.command) })
    }

    @Test func proseAroundACommandStillBreaks() {
        // Words after a command that are not its options are prose again.
        let lines = "Run dialpad-okta setup to make changes to the org now".wrapped(toWidth: 22)
        #expect(lines == ["Run dialpad-okta setup", "to make changes to the", "org now"])
    }

    @Test func aLabelWiderThanItsColumnIsNeverClipped() {
        var buffer = Buffer(size: Size(width: 42, height: 6))
        let panel = StatusPanel(rows: [.init("Difference", "none"), .init("Other profile sources", "2: Workday, Corporate SAML (identity provider)")])
        panel.render(in: buffer.area, into: &buffer)
        #expect(buffer.lines.contains { $0.hasPrefix("Other profile sources") })
        #expect(!buffer.lines.joined().contains("…"))
        #expect(buffer.lines.contains { $0.hasPrefix("  2: Workday, Corporate SAML (identity") })
    }

    @Test func aValueWithAWordWiderThanItsColumnGoesUnderItsLabelWhole() {
        var buffer = Buffer(size: Size(width: 42, height: 8))
        let panel = StatusPanel(rows: [.init("Procedure", "type = string\nexternalNamespace = \(Self.namespace)\nexternalName = \(Self.externalName)")])
        panel.render(in: buffer.area, into: &buffer)
        let lines = buffer.lines.map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.contains(Self.namespace))
        #expect(lines.contains(Self.externalName))
    }

    @Test func proseWrapsJapaneseAtAllowedPointsKeepingStylesAndIndent() {
        let prose: Prose = "  \(ours: "作成時に適用。Dialpad がソースになるまで番号は Okta に入りません。")\(Prose.code(" /api/v1/meta/schemas/apps/0oaOjMqNowS6JZTZPspC/default").styled(.bold))"
        let wrapped = prose.wrapped(toWidth: 30)
        let lines = wrapped.description.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.allSatisfy { $0.hasPrefix("  ") })
        #expect(LineBreakRules.violations(in: lines).isEmpty)
        #expect(!lines.contains { $0.hasSuffix("Dia") })
        #expect(lines.contains("  /api/v1/meta/schemas/apps/0oaOjMqNowS6JZTZPspC/default"))
        #expect(wrapped.segments.contains { $0.origin == .code && $0.style == .bold })
        #expect(lines.dropLast().allSatisfy { $0.displayWidth <= 30 })
    }

    @Test func outputWrapsHumanTextOnlyWhereItHasAWidth() {
        final class Sink: @unchecked Sendable { var text = "" }
        let wide = Sink(), none = Sink()
        let long: Prose = "dialpadPhone のソースを Dialpad にするまで、インポートしても「今すぐ更新を適用」しても Okta には番号が入りません。"
        Output(colour: { _ in false }, width: { _ in 40 }, sink: { _, text in wide.text += text }).line(long)
        Output(colour: { _ in false }, sink: { _, text in none.text += text }).line(long)
        #expect(wide.text.split(separator: "\n").allSatisfy { $0.displayWidth <= 40 })
        #expect(wide.text.split(separator: "\n").count > 1)
        #expect(none.text == long.description + "\n")
        // A question keeps the space its answer is typed after.
        let asked = Sink()
        Output(colour: { _ in false }, width: { _ in 40 }, sink: { _, text in asked.text += text }).text("Send? [y/N] ")
        #expect(asked.text == "Send? [y/N] ")
    }
}
