import Foundation
import OktaClient
import SetupEngine
import TerminalUI

// MARK: Connecting, and choosing the app to set up

/// What became of a choice in the app chooser: said on the status line (and in plain mode,
/// where the apps are numbered, after the number typed).
package enum AppChoiceNotice: Sendable, Equatable {
    /// The app chosen, by its number in the list, its label and its id.
    case chosen(number: Int, label: String, id: String)
    /// A number typed that names no app in the list of `count`.
    case noSuchNumber(Int, count: Int)
    /// The app `--app-id` named is not a Dialpad app (Slack): nothing is written to it.
    case notDialpad(label: String, name: String?, id: String)

    var isGood: Bool {
        if case .chosen = self { return true }
        return false
    }
}

/// The connect screen: Tab moves between the fields, Enter connects.
func handleConnect(_ key: Key, in state: inout WizardState) -> [WizardEffect] {
    let fields = state.credentialsPreset ? 1 : 2
    // While connecting, the form is frozen: keys meant for the next screen must not edit it.
    if state.busy == .connecting { return key == .escape ? requestQuit(&state) : [] }
    switch key {
    case .tab, .down:
        state.connectFocus = (state.connectFocus + 1) % (fields + 1)
        return []
    case .backTab, .up:
        state.connectFocus = (state.connectFocus + fields) % (fields + 1)
        return []
    case .escape:
        // Esc goes back, and the first screen has nothing behind it: quitting is F10 or Ctrl-C.
        state.notice = .keyUnavailable(.escape, .nothingToGoBackTo)
        return []
    case .enter:
        if state.connectFocus == 0 && !state.credentialsPreset {
            state.connectFocus = 1
            return []
        }
        return connect(&state)
    case .character("?") where state.connectFocus == fields:
        state.modal = .help
        return []
    case .character("q") where state.connectFocus == fields:
        return requestQuit(&state)
    default:
        if state.connectFocus == 0 { _ = state.orgField.handle(key) }
        if state.connectFocus == 1 && !state.credentialsPreset { _ = state.tokenField.handle(key) }
        return []
    }
}

/// Checks what can be checked without the network, then asks the runtime to connect.
func connect(_ state: inout WizardState, appId: String? = nil) -> [WizardEffect] {
    guard state.busy == nil else { return [] }
    if let problem = urlProblem(state.orgField.value, state.strings) {
        state.modal = .error(UserMessage(title: state.strings.orgURLLabel, lines: [problem]))
        state.connectFocus = 0
        return []
    }
    var token: Secret?
    if !state.credentialsPreset {
        do {
            token = try APIToken.validate(state.tokenField.value, source: state.strings.tokenSource)
        } catch {
            state.modal = .error(UserMessage(title: state.strings.tokenLabel, lines: [state.strings.inputProblem(error)]))
            state.connectFocus = 1
            return []
        }
    }
    return startBusy(.connecting, effect: .connect(org: state.orgField.value, token: token, appId: appId), in: &state)
}

/// What is wrong with an org URL as typed, in the admin's language, or nil when it looks like one.
package func urlProblem(_ text: String, _ strings: Strings) -> String? {
    do {
        _ = try OrgURL(validating: text)
        return nil
    } catch {
        return strings.inputProblem(error)
    }
}

/// Connecting found several apps that look like Dialpad (`notFound` nil), or found no app with
/// the id given (`--app-id`): the admin chooses among the apps that look like Dialpad rather
/// than quitting to pass another id. With none to choose, the wizard goes on as on an org
/// without the app (its steps say so), after saying the id names no app.
func offerApps(_ apps: [OktaApp], notFound: String?, in state: inout WizardState) -> [WizardEffect] {
    state.busy = nil
    state.screen = .connect
    state.appIdNotFound = notFound
    guard apps.isEmpty, let notFound else {
        state.modal = .chooseApp(apps, focus: 0)
        return []
    }
    state.modal = .error(ErrorText(state.language).dialog(AppLookupError(.noAppWithId(appId: notFound))))
    // The runtime forgot the id when the org showed no app with it: this connect looks for the app.
    return connect(&state)
}

/// `--app-id` named an app that is not Dialpad's: said, and the apps that look like Dialpad
/// offered as for an id the org has no app for; with none, the error says so and the
/// wizard goes on as on an org without the app (the runtime forgot the id).
func offerDialpadApps(_ apps: [OktaApp], insteadOf app: OktaApp, in state: inout WizardState) -> [WizardEffect] {
    state.busy = nil
    state.screen = .connect
    state.appIdNotFound = nil
    state.notice = .appChoice(.notDialpad(label: app.displayName, name: app.name, id: app.id))
    guard apps.isEmpty else {
        state.modal = .chooseApp(apps, focus: 0)
        return []
    }
    state.modal = .error(ErrorText(state.language).dialog(AppLookupError(.notDialpadApp(app: app, candidates: []))))
    return connect(&state)
}

/// The app chooser: Up/Down and Enter, or (in plain mode, where the apps are numbered) the
/// app's number; Esc goes back to the connect screen.
func handleAppChoice(_ apps: [OktaApp], focus: Int, _ key: Key, in state: inout WizardState) -> [WizardEffect] {
    switch key {
    case .up, .backTab, .character("k"):
        state.modal = .chooseApp(apps, focus: max(0, focus - 1))
        revealFocus(&state)
    case .down, .tab, .character("j"):
        state.modal = .chooseApp(apps, focus: min(apps.count - 1, focus + 1))
        revealFocus(&state)
    case .escape, .character("q"), .control("c"): state.modal = nil
    case .enter:
        return choose(apps, at: focus, in: &state)
    case .character(let c) where state.transcript && c.isASCII && c.isNumber:
        // Only plain mode numbers the apps: on the screen a digit would choose an app unseen.
        let number = Int(String(c)) ?? 0
        guard apps.indices.contains(number - 1) else {
            state.notice = .appChoice(.noSuchNumber(number, count: apps.count))
            return []
        }
        return choose(apps, at: number - 1, in: &state)
    default: break
    }
    return []
}

/// Connects again with the chosen app's id, as `--app-id ID` does; the screens then name it.
func choose(_ apps: [OktaApp], at index: Int, in state: inout WizardState) -> [WizardEffect] {
    let app = apps[index]
    state.modal = nil
    state.appIdNotFound = nil
    state.appNamed = true
    state.notice = .appChoice(.chosen(number: index + 1, label: app.displayName, id: app.id))
    return connect(&state, appId: app.id)
}
