import Foundation
import OktaClient
import SetupEngine
import Testing
@testable import Wizard

/// A step of a new kind words its own reasons and purposes in its own file (`StepWording`):
/// the text layer, `--json` and every front end say them in each language with no case
/// added to the shared tables (docs/ARCHITECTURE.md, "Adding a step").
@Suite struct StepWordingTests {
    /// What a step of its own might say, as its file would declare it.
    enum GroupRuleWords: StepWording {
        case ruleMissing(name: String)
        case addRule(name: String)

        func words(_ language: Language) -> String {
            switch (self, language) {
            case (.ruleMissing(let name), .en): "The group rule \(name) is not there yet."
            case (.ruleMissing(let name), .ja): "グループルール \(name) はまだありません。"
            case (.addRule(let name), .en): "Add the group rule \(name)."
            case (.addRule(let name), .ja): "グループルール \(name) を追加します。"
            }
        }
    }

    @Test("a step's own reason is said in each language and in --json")
    func ownReason() throws {
        let why = StepReason.own(OwnWording(GroupRuleWords.ruleMissing(name: "Dialpad users")))
        #expect(Strings.for(.en).reason(why) == "The group rule Dialpad users is not there yet.")
        #expect(Strings.for(.ja).reason(why) == "グループルール Dialpad users はまだありません。")
        let report = StepReport(id: .oktaAttribute, status: .missing, why: why)
        let json = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder.document.encode(report))
        #expect(json["reason"] == .string("The group rule Dialpad users is not there yet."))
        #expect(why == .own(OwnWording(GroupRuleWords.ruleMissing(name: "Dialpad users"))))
        #expect(why != .own(OwnWording(GroupRuleWords.ruleMissing(name: "Others"))))
    }

    @Test("a step's own purpose is said in each language")
    func ownPurpose() {
        let write = PlannedWrite(step: .oktaAttribute, method: "POST", path: "/api/v1/groups/rules", body: .object([:]),
                                 purpose: .own(OwnWording(GroupRuleWords.addRule(name: "Dialpad users"))))
        #expect(Strings.for(.en).purpose(write) == "Add the group rule Dialpad users.")
        #expect(Strings.for(.ja).purpose(write) == "グループルール Dialpad users を追加します。")
    }
}
