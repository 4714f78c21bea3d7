import OktaClient
import SetupEngine
import TerminalUI
import Testing
@testable import Wizard

/// The words for custom user types (R30) beside the default one: a type named by its name and
/// id, the journal's types carried on, and its own codes for --json.
@Suite struct UserTypeTextTests {
    @Test("a type's planned write names the type by its name and its id, in both languages")
    func writeNamesTheTypeByName() {
        var write = PlannedWrite(step: .mapping, method: "POST", path: "/api/v1/mappings/prm1", body: .null,
                                 purpose: .map(expression: "appuser.dialpadPhone", attribute: "dialpadPhone", onUpdateToo: false))
        write.userType = "otyContractor0000001"
        write.userTypeName = "Contractor"
        for language in [Language.en, .ja] {
            let purpose = Strings.for(language).purpose(write)
            #expect(purpose.contains("Contractor") && purpose.contains("otyContractor0000001"), "\(language): \(purpose)")
        }
    }

    @Test("apply says in one line which of the journal's types it carries on, in both languages, escapes shown harmless")
    func carriedTypesAreSaid() {
        for language in [Language.en, .ja] {
            let line = TerminalWriter(colour: false).render(CommandLineText(language: language, colour: false)
                .carriesUserTypes(["otyPartner000000001", "oty\u{1B}]0;x\u{07}"]))
            #expect(line.contains("otyPartner000000001") && !line.contains("\u{1B}") && !line.contains("\n"), "\(language): \(line)")
        }
        #expect(TerminalWriter(colour: false).render(CommandLineText(language: .en, colour: false).carriesUserTypes(["a"]))
            != TerminalWriter(colour: false).render(CommandLineText(language: .ja, colour: false).carriesUserTypes(["a"])))
    }

    @Test("user-type lookup errors have their own --json codes, and the unknown one lists the org's types")
    func lookupErrorsHaveTheirCodes() {
        let unknown = UserTypeLookupError(.unknownUserType(id: "nope", known: [UserTypeShare(typeId: "otyP", name: "Partner", users: 0)]))
        #expect(ErrorText.code(of: unknown) == "unknown-user-type")
        #expect(ErrorText.code(of: UserTypeLookupError(.noSchemaLink(id: "otyP"))) == "user-type-without-schema")
        guard case .object(let fields) = ErrorText(.en).document(unknown) else { Issue.record("not an object"); return }
        #expect(fields["userTypes"] == .array([.object(["id": .string("otyP"), "name": .string("Partner")])]))
    }

    @Test("a progress line for a type's write names the type by name and id, in both languages; the default type's is unchanged")
    func progressNamesTheType() {
        let label = UserTypeLabel(id: "otyContractor0000001", name: "Contractor")
        for language in [Language.en, .ja] {
            let text = CommandLineText(language: language, colour: false)
            let line = text.progress(.restoring(.oktaAttribute), userType: label)
            #expect(line.contains("Contractor") && line.contains("otyContractor0000001"), "\(language): \(line)")
            #expect(text.progress(.writing(.mapping), userType: nil) == text.progress(.writing(.mapping)))
        }
    }

    @Test("a journal's type the org lacks: its own code, words that do not ask for --user-type on resume or rollback, and rollback's line, in both languages")
    func journalTypeWords() {
        let error = UserTypeLookupError(.journalNamesUnknownUserType(id: "otyGone", known: [], journal: "/tmp/j.json"))
        #expect(ErrorText.code(of: error) == "journal-user-type-unknown")
        for language in [Language.en, .ja] {
            let report = ErrorText(language).report(error)
            #expect(report.lines.joined().contains("otyGone") && report.lines.joined().contains("/tmp/j.json"), "\(language)")
            #expect(report.hint?.contains("rollback --all --yes") == true, "\(language)")
            let line = TerminalWriter(colour: false).render(CommandLineText(language: language, colour: false).typesLeftAlone(["otyGone"]))
            #expect(line.contains("otyGone"), "\(language)")
        }
        #expect(ErrorText(.en).report(error).hint != ErrorText(.ja).report(error).hint)
    }
}
