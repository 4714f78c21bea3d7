import SetupEngine
import TerminalUI
import Testing
@testable import Wizard

/// docs/REAL-ORGS.md R30: where Dialpad users have another user type, the remedy names every step
/// their type needs and the command that does them, in both languages.
@Suite struct UserTypeWordsTests {
    @Test("the other-types remedy names the type's attribute, mapping and override, and apply --user-type with each type's id")
    func remedyNamesEveryStepAndTheCommand() {
        let shares = [UserTypeShare(typeId: "otyContractor0000001", name: "Contractor", users: 3),
                      UserTypeShare(typeId: "otyPartner000000001", name: "Partner", users: 2)]
        for language in [Language.en, .ja] {
            let text = Strings.for(language).fact(.otherUserTypes(shares, app: "Dialpad")).value
            #expect(text.contains("dialpad-okta apply --user-type otyContractor0000001 --user-type otyPartner000000001"), "\(language)")
            #expect(text.contains("dialpadPhone") && text.contains("appuser.dialpadPhone"), "\(language)")
        }
        let japanese = Strings.for(.ja).fact(.otherUserTypes(shares, app: "Dialpad")).value
        #expect(japanese.contains("上書き") && japanese.contains("マッピング") && japanese.contains("プロファイル"))
    }

    @Test("a planned write for another user type names the type, in both languages; the default type's says none")
    func aTypesWriteNamesItsType() {
        var write = PlannedWrite(step: .oktaAttribute, method: "POST", path: "/api/v1/meta/schemas/user/oscContractor0000001", body: .null,
                                 purpose: .addUserAttribute(name: "dialpadPhone", type: "string", title: "Dialpad Phone"))
        for language in [Language.en, .ja] { #expect(!Strings.for(language).purpose(write).contains("oty")) }
        write.userType = "otyContractor0000001"
        for language in [Language.en, .ja] { #expect(Strings.for(language).purpose(write).contains("otyContractor0000001"), "\(language)") }
    }

    @Test("the wizard offers to set up the user types of Dialpad's other users (t), once, and reads the org with them")
    func wizardOffersTheTypes() async throws {
        var state = try await UpdateTests.connected("enterprise")
        _ = UpdateTests.press([.character("2")], &state)
        let offered = try #require(state.reports.first { $0.id == .existingUsers }?.otherUserTypes).map(\.typeId)
        #expect(offered.count == 2)
        #expect(footerHints(state).contains { $0.keys == "t" })
        #expect(UpdateTests.press([.character("t")], &state) == [.includeUserTypes(offered)])
        #expect(state.includedUserTypes == offered)
        #expect(!footerHints(state).contains { $0.keys == "t" }, "offered once")
        #expect(UpdateTests.press([.character("t")], &state).isEmpty)

        var inspecting = try await UpdateTests.connected("enterprise", mode: .inspect)
        _ = UpdateTests.press([.character("2")], &inspecting)
        #expect(UpdateTests.press([.character("t")], &inspecting).isEmpty, "inspect never plans writes")
    }
}
