import Foundation
import OktaClient
import SetupEngine
import TerminalUI

/// The English of every error: Okta's client's failures from their problem
/// (`ErrorText+EnglishProblems.swift`), everything the engine refuses here.
extension Strings {
    func englishReport(_ error: any Error) -> ErrorReport {
        switch error {
        case let error as OktaError:
            var (line, hint) = english(error.problem, in: error)
            if let code = error.errorCode, !line.contains(code) { line += " [\(code)]" }
            return ErrorReport(title: error.errorCode.map { "Okta \($0)" } ?? "Error", lines: [line],
                               causes: error.errorCauses.map(\.errorSummary), hint: hint, requestId: error.requestId)
        case let error as UnsettledWrite:
            var report = englishReport(error.cause)
            report.hint = (error.cause as? OktaError)?.passingFailure != nil
                ? "Nothing is lost: the journal keeps this write as unsettled. Wait a minute first: the org, or a proxy in front of it, is failing for now. Run `dialpad-okta resume`: it reads the org back first and writes only what is missing."
                : "Nothing is lost: the journal keeps this write as unsettled. Run `dialpad-okta resume`: it reads the org back first and writes only what is missing."
            return report
        case let error as SettledWrite:
            var report = englishReport(error.cause)
            report.hint = error.applied
                ? "Read back at once: Okta applied \(stepTitle(error.step)) all the same, and the journal records it as done."
                : "Read back at once: Okta did not apply \(stepTitle(error.step)), and the journal records it as not applied."
            return report
        case let error as JournalError:
            let (line, hint) = english(error.reason)
            return ErrorReport(title: "Error", lines: [line], hint: hint)
        case let error as ApplyRefusal:
            let (line, hint) = english(error.reason)
            return ErrorReport(title: "Error", lines: [line], hint: hint)
        case let error as RollbackRefusal:
            let (line, hint) = english(error.reason)
            return ErrorReport(title: "Error", lines: [line], hint: hint)
        case let error as ConfirmationRefusal:
            switch error.reason {
            case .noAppToConfirm:
                return ErrorReport(title: "Error", lines: ["No Dialpad app in this org: there is nothing to confirm."])
            case .notProfileSourceYet(let app):
                return ErrorReport(title: "Error", lines: ["Okta shows \(app) does not source Okta users yet."],
                                   hint: "Allow it in the Admin Console first, then confirm.")
            case .onlyProfileSource(let app):
                return ErrorReport(title: "Error", lines: ["\(app) is the org's only profile source, so it cannot be the lowest one: the confirmation was not recorded."],
                                   hint: "Add another profile source ranked above \(app) first (Directory > Profile Sources), or untick \"Allow \(app) to source Okta users\". If a source the API cannot list ranks above it, record that first (confirm \(Confirmation.Choice.otherSourceUnseen.rawValue)).")
            case .notShownByOrgYet(let step, let choice):
                return ErrorReport(title: "Error", lines: ["\(stepTitle(step)): Okta does not show it done yet, so your word (\(self.choice(choice))) was not recorded."],
                                   hint: "Do it in the Admin Console first (dialpad-okta inspect shows what it waits for), then confirm again.")
            }
        case let error as CommandLineRefusal:
            switch error.reason {
            case .emptyLogin:
                return ErrorReport(title: "Usage", lines: ["Give the user's login (user@example.com) or id (00u…); it is empty."])
            case .confirmNeedsYes:
                return ErrorReport(title: "Usage", lines: ["confirm records your word for what you did in the Admin Console: pass --yes to record it."])
            case .applyNeedsYesWithoutATerminal:
                return ErrorReport(title: "Usage", lines: ["apply changes the org: pass --yes to apply without a terminal to confirm on (standard input and output)."],
                                   hint: "Run dialpad-okta plan first to see the exact requests, then apply --yes --plan FINGERPRINT sends them only if the org still gives that plan.")
            case .rollbackStepOrAll:
                return ErrorReport(title: "Usage", lines: ["Give exactly one of --step ID or --all."])
            case .rollbackNeedsYes:
                return ErrorReport(title: "Usage", lines: ["rollback changes the org: pass --yes."])
            case .unknownSeed(let seed, let available):
                return ErrorReport(title: "Usage", lines: ["There is no sample org named \(seed)."],
                                   hint: "Pass --seed with one of \(available.joined(separator: ", ")), or the path of a seed .json file.")
            }
        case let error as RestoreRefusal:
            switch error.reason {
            case .fieldsNotOwned(let step, let fields):
                let owned = step.definition.writable.map { $0.restorableFields.sorted().joined(separator: ", ") } ?? ""
                return ErrorReport(title: "Error", lines: [
                    "The journal's \(stepTitle(step)) entry would restore \(fields.joined(separator: ", ")), which that step never writes (it restores only \(owned)); nothing was sent."],
                    hint: "The journal was edited: move it aside and check the org with dialpad-okta inspect.")
            }
        case let error as AppLookupError:
            switch error.reason {
            case .noAppWithId(let appId):
                return ErrorReport(title: "Dialpad app", lines: ["The org has no app with id \(appId)."],
                                   hint: "Check --app-id: it is the 0oa… id in the app's Admin Console URL.")
            case .severalDialpadApps(let candidates):
                return ErrorReport(title: "Dialpad app", lines: ["The org has \(candidates.count) apps that look like Dialpad:"]
                                    + candidates.map { "  \($0.id)  \($0.displayName): \(appFacts($0, timeZone: .current))" },
                                   hint: "Choose one with --app-id ID.")
            case .notDialpadApp(let app, let candidates):
                return ErrorReport(title: "Dialpad app", lines: [
                    "App \(app.id) is \(app.displayName) (catalog name \(app.name ?? "none")), not a Dialpad app: this tool sets up only an app whose catalog name or label starts with Dialpad, and writes nothing to any other.",
                    candidates.isEmpty ? "The org has no app that looks like Dialpad." : "Apps that look like Dialpad:"]
                                    + candidates.map { "  \($0.id)  \($0.displayName): \(appFacts($0, timeZone: .current))" },
                                   hint: candidates.isEmpty ? "Check --app-id: it is the 0oa… id in the Dialpad app's Admin Console URL."
                                       : "Pass --app-id with one of the ids above.")
            }
        case let error as UserTypeLookupError:
            switch error.reason {
            case .unknownUserType(let id, let known):
                return ErrorReport(title: "User type", lines: ["The org has no user type \(id); nothing was read further and nothing written."]
                                    + known.map { "  \($0.typeId)  \($0.name)" },
                                   hint: known.isEmpty ? "The org has only the default user type: leave out --user-type." : "Pass --user-type with one of the ids above.")
            case .noSchemaLink(let id):
                return ErrorReport(title: "User type", lines: ["Okta lists user type \(id) without a link to its schema, so its schema cannot be read or written; nothing was written."])
            case .journalNamesUnknownUserType(let id, let known, let journal):
                return ErrorReport(title: "User type", lines: ["The journal \(journal) names user type \(id), which the org does not have (the type was deleted in Okta, or the journal was edited); nothing was written."]
                                    + known.map { "  \($0.typeId)  \($0.name)" },
                                   hint: "`dialpad-okta rollback --all --yes` still undoes the journal's other writes and leaves that type's as they are; then move the journal aside to start afresh, and pass --user-type for the types above that you want set up.")
            }
        case let error as ConcurrentChangeError:
            return ErrorReport(title: "Concurrent change", lines: [
                "\(stepTitle(error.step)): the org changed since the plan was made (was \(error.planned.displayText), now \(error.found.displayText)); nothing was written."],
                               hint: "Run plan again to see the new state.")
        case let error as PreconditionChangedError:
            return ErrorReport(title: "Concurrent change", lines: [
                "\(stepTitle(error.step)): the org changed since the plan and this step is no longer ready (\(error.why?.english ?? "")); nothing was written."],
                               hint: "Run plan again.")
        case let error as StalePlanError:
            let steps = error.steps.isEmpty ? "" : ": " + error.steps.map(stepTitle).joined(separator: ", ")
            return ErrorReport(title: "Stale plan", lines: [
                "The org changed since plan \(error.planned) was made (now \(error.now)\(steps)); nothing was written."],
                               hint: "Review the new plan, then apply again.")
        case let error as UnverifiedWriteError:
            return ErrorReport(title: "Write not shown", lines: [
                "\(stepTitle(error.step)): Okta accepted the write but did not show it in reads for two minutes, even after it was sent again (Okta can drop concurrent schema writes)."],
                               hint: "Nothing is lost: the journal keeps this write as unsettled. Run `dialpad-okta resume`: it reads the org back first and writes only what is missing.")
        case let error as RoleRefusedWrite:
            return ErrorReport(title: "Okta E0000006", lines: [english(error)], hint: error.serviceApp
                ? "Assign the service app one of those roles (Applications > the app > Admin roles), then run apply again: it writes only what is still missing."
                : "Run apply again with the token of an admin who has one of those roles (Security > Administrators): it writes only what is still missing.",
                               requestId: error.requestId)
        case let error as ReportFile.Refused:
            switch error.code {
            case .keptFile: return ErrorReport(title: "Error", lines: ["Cannot write the report to \(error.path): it is \(error.detail), which dialpad-okta keeps."],
                                               hint: "Name another file.")
            case .notWritten: return ErrorReport(title: "Error", lines: ["Cannot write the report to \(error.path): \(error.detail)."])
            }
        default:
            return ErrorReport(title: "Error", lines: [String(describing: error)])
        }
    }

    private func english(_ reason: JournalError.Reason) -> (line: String, hint: String) {
        let writableStateFile = "Pass --state-file PATH in a writable directory."
        switch reason {
        case .stateDirectoryUncreatable(let directory):
            return ("Cannot create the state directory \(directory).", writableStateFile)
        case .stateDirectoryNotWritable(let directory, let lockFile, let errno):
            return ("The state directory \(directory) is not writable: cannot create \(lockFile) there (\(String(cString: strerror(errno)))).",
                    "Nothing was changed in Okta. Pass --state-file PATH in a directory you can write to.")
        case .lockedByAnotherRun(let journal):
            return ("Another dialpad-okta run is using \(journal).", "Wait for it to finish; two runs must not change one org at the same time.")
        case .unreadable(let journal):
            return ("The journal \(journal) cannot be read.", "Check its permissions.")
        case .damaged(let journal):
            return ("The journal \(journal) is damaged and was left untouched.",
                    "Inspect the org with `dialpad-okta inspect` (the live org is the truth), then move the file aside to start a new journal.")
        case .newerFormat(let journal, let version):
            return ("The journal \(journal) was written by a newer dialpad-okta (format \(version)).", "Use that version, or move the file aside.")
        case .otherOrg(let journal, let journalOrg, let org):
            return ("The journal \(journal) belongs to \(journalOrg), not \(org).", "Pass --state-file for this org, or use the org the journal names.")
        case .otherApp(let journal, let journalApp, let appId):
            return ("The journal \(journal) is for app \(journalApp), not \(appId).", "Pass --app-id \(journalApp), or --state-file for the other app.")
        case .directoryNotWritable(let directory):
            return ("Cannot write the journal in \(directory).", writableStateFile)
        case .writeFailed(let journal):
            return ("Writing the journal \(journal) failed (disk full or read-only?).", "Nothing more will be changed in Okta until the journal can be written.")
        case .nothingToResume(let journal):
            return ("No journal at \(journal): there is no setup to resume.", "Run `dialpad-okta apply --yes` to start one.")
        case .runRolledBack(let journal):
            return ("The run in \(journal) was rolled back: nothing of it is left to resume.",
                    "`dialpad-okta apply --yes` writes the steps that are missing.")
        }
    }

    private func english(_ reason: ApplyRefusal.Reason) -> (line: String, hint: String) {
        switch reason {
        case .noDialpadApp:
            return ("No Dialpad app in this org, so the setup cannot be finished; nothing was written.",
                    "Add Dialpad from the Okta Integration Network with SCIM provisioning, or pass --app-id.")
        case .notProvisioningApp(let app, let appId, let signOnMode):
            return ("\(app) (\(appId)) is not a SCIM provisioning app (\(signOnMode ?? "no sign-on mode"), no provisioning features), so it cannot carry the phone numbers; nothing was written.",
                    "Enable provisioning (SCIM) on the Dialpad app, or pass --app-id of the Dialpad app that has it.")
        }
    }

    private func english(_ reason: RollbackRefusal.Reason) -> (line: String, hint: String?) {
        switch reason {
        case .noJournal(let journal):
            return ("No journal at \(journal): this tool made no change to roll back.", nil)
        case .deletionNotConfirmed(let steps):
            return ("Rolling back \(Strings.for(.en).listed(steps.map { Strings.for(.en).stepTitle($0) })) deletes the dialpadPhone attribute and every user's value of it, and Okta refuses to re-add it until its clean-up finishes.",
                    "Add --delete-attribute-data to confirm.")
        case .changedSinceApplied(let step, let change, let wrote):
            let english = Strings.for(.en)
            return ("\(english.stepTitle(step)) changed since it was applied: \(english.changeSinceApplied(change)); rollback leaves it alone.", english.restoreByHand(wrote))
        case .journalEntryMismatch(let step, let path):
            return ("The journal's \(Strings.for(.en).stepTitle(step)) entry (\(path)) does not match what that step writes in this org now; nothing was sent.",
                    "The journal was edited, or belongs to another org or app: check the org with dialpad-okta inspect.")
        case .journalAppNotDialpad(let appId, let label):
            return ("The journal names app \(appId) (\(label)), which is not a Dialpad app; nothing was sent.",
                    "Move the journal aside and check the org with dialpad-okta inspect.")
        case .sourcingBlocksRestore(let step, let app):
            return ("Rolling back \(Strings.for(.en).stepTitle(step)) puts back a mapping that applies on create only, which Okta refuses while \(app) sources Okta users; the rollback could not finish, so nothing was sent.",
                    "Turn off sourcing in the Admin Console first (Applications > \(app) > Provisioning > To Okta > Profile & Lifecycle Sourcing > Edit: untick \"Allow \(app) to source Okta users\"), then roll back again.")
        }
    }

    private func english(_ error: RoleRefusedWrite) -> String {
        let who = error.serviceApp ? "this service app's admin roles" : "this API token's admin's roles"
        let needs = error.rolesAccepted.isEmpty
            ? "Okta's spec names no admin role for this write"
            : "Okta accepts this write from \(error.rolesAccepted.joined(separator: ", ")) (Okta's spec)"
        var text = "\(error.step.definition.title.en): Okta refused the write for \(who) (403 E0000006); \(needs)."
        if let rollbackCommand = error.rollbackCommand {
            let one = error.landed.count == 1
            text += " \(error.landed.count) write\(one ? "" : "s") of this run landed before it (\(error.landed.map { $0.definition.title.en }.joined(separator: ", "))) and"
                + " \(one ? "stays" : "stay") in place: nothing is rolled back by itself. To undo every write in the journal: \(rollbackCommand)"
        } else {
            text += " Nothing of this run was written."
        }
        return text
    }
}
