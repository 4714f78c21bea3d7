import SetupEngine
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
}
