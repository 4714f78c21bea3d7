import Foundation
import OktaClient
import SetupEngine
import TerminalUI

/// What drawing a frame found out that the state does not hold: where the terminal cursor
/// belongs (a focused text field; nil hides it) and how far the screen's pane can scroll.
package struct Frame: Sendable, Equatable {
    package var cursorX: Int?
    package var cursorY: Int?
    package var scrollLimit = 0
    package var cursor: (x: Int, y: Int)? { cursorX.flatMap { x in cursorY.map { (x, $0) } } }
}

/// Draws the whole frame for a state. Pure: the same state always gives the same buffer.
@discardableResult
package func render(_ state: WizardState, into buffer: inout Buffer) -> Frame {
    let strings = state.strings
    let theme = state.theme
    buffer.fill(buffer.area)
    if state.isTooSmall {
        let lines = strings.tooSmall(state.size.width, state.size.height)
        let top = max(0, buffer.size.height / 2 - 1)
        for (index, line) in lines.enumerated() {
            let wrapped = line.truncated(toWidth: buffer.size.width)
            buffer.put(wrapped, x: max(0, (buffer.size.width - wrapped.displayWidth) / 2), y: top + index,
                       style: index == 0 ? theme.warning : .plain)
        }
        return Frame()
    }

    let rects = screenRects(state, size: buffer.size)
    drawHeader(state, in: rects.header, into: &buffer)
    if let banner = rects.banner {
        buffer.fill(banner, style: theme.banner)
        buffer.put(" " + strings.readOnlyBanner, x: banner.x, y: banner.y, style: theme.banner, clip: banner)
    }
    if let tabs = rects.tabs { drawTabs(state, in: tabs, into: &buffer) }
    Footer(hints: footerHints(state), moreLabel: strings.keyMore).draw(in: rects.footer, WidgetContext(theme: theme), into: &buffer)
    let status = rects.status.inset(horizontal: 1, vertical: 0)
    for (row, line) in rects.statusLines.enumerated() {
        buffer.put(line, x: status.x, y: status.y + row, style: statusLine(state)?.style ?? .plain, clip: status)
    }

    let body = rects.body
    var frame = Frame()
    var cursor: (x: Int, y: Int)?
    switch state.screen {
    case .connect: cursor = drawConnect(state, in: body, into: &buffer)
    case .resumeOffer: frame.scrollLimit = drawScrolled(state, in: body, into: &buffer) { drawResumeOffer(state, in: $0, into: &$1) }
    case .overview:
        // Short of rows (80x24, a long Next), the blank rows between phases go before Next goes below the fold.
        // Drawn once where it fits, the common case.
        frame.scrollLimit = drawScrolled(state, in: body, into: &buffer) { rect, scratch in
            let used = drawOverview(state, in: rect, into: &scratch)
            guard used > body.height else { return used }
            scratch.fill(rect)
            return drawOverview(state, compact: true, in: rect, into: &scratch)
        }
    case .phase(let phase): frame.scrollLimit = drawPhase(state, phase, in: body, into: &buffer)
    case .consoleChoice(let step): frame.scrollLimit = drawScrolled(state, in: body, into: &buffer) { drawConsoleChoice(state, step, in: $0, into: &$1) }
    case .manual(let step): frame.scrollLimit = drawScrolled(state, in: body, into: &buffer) { drawManual(state, step, in: $0, into: &$1) }
    case .summary: frame.scrollLimit = drawScrolled(state, in: body, into: &buffer) { drawSummary(state, in: $0, into: &$1) }
    case .userCheck: (cursor, frame.scrollLimit) = drawUserCheck(state, in: body, into: &buffer)
    }
    if let modal = state.modal {
        drawModal(modal, state, over: dialogArea(buffer.area), into: &buffer)
        cursor = nil
    }
    frame.cursorX = cursor?.x
    frame.cursorY = cursor?.y
    if state.ambiguousWidth == .double { buffer.replaceAmbiguousGlyphs() }
    return frame
}

/// Where a frame's parts go at the terminal's size: the status line takes the rows its notice
/// wraps to (see `statusRoom`), the screen's body what is left. `update` reads the body's
/// rectangle too, to scroll what a key changed into view.
func screenRects(_ state: WizardState, size: Size? = nil) -> (header: Rect, banner: Rect?, tabs: Rect?, body: Rect, status: Rect, statusLines: [String], footer: Rect) {
    var area = Rect(size: size ?? state.size)
    let header: Rect, footer: Rect, status: Rect
    var banner: Rect?, tabs: Rect?
    (header, area) = area.splitTop(1)
    if state.mode == .inspect {
        let top: Rect
        (top, area) = area.splitTop(1)
        banner = top
    }
    if state.org != nil && state.screen != .connect {
        let top: Rect
        (top, area) = area.splitTop(1)
        tabs = top
    }
    (area, footer) = area.splitBottom(1)
    let lines = statusLine(state).map { statusLines($0.text, width: area.width - 2, room: statusRoom(area.height), state.strings) } ?? []
    (area, status) = area.splitBottom(max(1, lines.count))
    return (header, banner, tabs, area.inset(horizontal: 1, vertical: 0), status, lines, footer)
}

/// Draws a pane's content whole into a tall buffer, then shows all of it, or the window from
/// `state.scroll` with a last line saying how much is above and below (PgUp/PgDn). Returns
/// how far it can scroll. Nothing is cut: what does not fit is a keypress away.
func drawScrolled(_ state: WizardState, in rect: Rect, into buffer: inout Buffer,
                  _ content: (Rect, inout Buffer) -> Int) -> Int {
    guard rect.width > 0, rect.height > 0 else { return 0 }
    // Drawn first at the pane's own height, the common case, so a key press fills no more
    // cells than the screen has. Content that fills it may go on past it: draw it again at the
    // height it said it needs (or four times taller, where it stopped at the bottom), so no
    // length of content is ever cut (PgDn reaches its end).
    var height = rect.height + 1
    var scratch = Buffer(size: Size(width: rect.width, height: height))
    var used = content(Rect(x: 0, y: 0, width: rect.width, height: height), &scratch)
    while used >= height && height < 1 << 20 {
        height = used > height ? used + 1 : height * 4
        scratch = Buffer(size: Size(width: rect.width, height: height))
        used = content(Rect(x: 0, y: 0, width: rect.width, height: height), &scratch)
    }
    used = min(used, height)
    guard used > rect.height else {
        buffer.paste(scratch, fromRow: 0, into: rect)
        return 0
    }
    let window = rect.height - 1
    let limit = used - window
    let scroll = min(max(0, state.scroll), limit)
    buffer.paste(scratch, fromRow: scroll, into: Rect(x: rect.x, y: rect.y, width: rect.width, height: window))
    let marker = state.strings.moreMarker(above: scroll, below: used - scroll - window)
    buffer.put(marker.truncated(toWidth: rect.width), x: rect.x, y: rect.maxY - 1, style: state.theme.accent, clip: rect)
    return limit
}

// MARK: Frame

private func drawHeader(_ state: WizardState, in rect: Rect, into buffer: inout Buffer) {
    let strings = state.strings
    buffer.fill(rect, style: state.theme.header)
    var left = " " + strings.product
    if let host = state.orgHost {
        let kind = state.orgIsLoopback ? strings.simulatedOrg
            : (state.isPreviewOrg ? strings.previewOrg : strings.productionOrg)
        left += " │ " + host + " │ " + kind
    } else {
        left += " │ " + strings.notConnected
    }
    var right = ""
    if state.observing {
        right = Spinner.frame(at: state.now) + " " + strings.checking + " "
    } else if let clock = state.lastCheckedClock {
        right = strings.lastChecked(clock) + " "
    }
    // A session that records says so on every screen: what it reads goes into a file.
    if state.recordingBundle != nil { right = strings.recordingMarker + "  " + right }
    let room = rect.width - right.displayWidth - 1
    buffer.put(left.truncated(toWidth: room), x: rect.x, y: rect.y, style: state.theme.header)
    buffer.put(right, x: rect.maxX - right.displayWidth, y: rect.y, style: state.theme.header)
}

func phaseStatus(_ state: WizardState, _ phase: Phase) -> StepStatus? {
    let reports = state.reports.filter { $0.phase == phase }
    guard !reports.isEmpty else { return nil }
    if reports.allSatisfy({ $0.status == .ok }) { return .ok }
    for status in [StepStatus.conflict, .differs, .missing, .manual, .blocked] where reports.contains(where: { $0.status == status }) {
        return status
    }
    return .missing
}

func statusStyle(_ status: StepStatus?, _ theme: Theme) -> Style {
    switch status {
    case .ok: return theme.good
    case .conflict: return theme.bad
    case .missing, .differs, .manual: return theme.warning
    case .blocked, .none: return theme.muted
    }
}

private func drawTabs(_ state: WizardState, in rect: Rect, into buffer: inout Buffer) {
    var x = rect.x + 1
    for phase in Phase.allCases {
        let status = phaseStatus(state, phase)
        let current: Bool
        if case .phase(let shown) = state.screen { current = shown == phase } else { current = false }
        let label = " " + state.strings.phaseTitle(phase) + " "
        x = buffer.put(label, x: x, y: rect.y, style: current ? .reverse : .bold, clip: rect)
        x = buffer.put((status.map { state.strings.statusMark($0) } ?? "·") + "   ", x: x, y: rect.y,
                       style: statusStyle(status, state.theme), clip: rect)
    }
    let left = state.reports.filter { $0.status != .ok }.count
    if !state.reports.isEmpty {
        let text = left == 0 ? "✓ " + state.strings.status(.ok) : state.strings.stepsLeft(left)
        buffer.put(text, x: rect.maxX - text.displayWidth - 1, y: rect.y, style: left == 0 ? state.theme.good : state.theme.muted, clip: rect)
    }
}

/// Rows the status line may take of the `rows` between the tabs and the footer: a notice
/// wraps onto as many as it needs, up to a quarter of them (three at least), before the
/// panes above give up more.
func statusRoom(_ rows: Int) -> Int { max(3, rows / 4) }

/// A status line wrapped to `width`; one longer than `room` rows ends, on its last row, in a
/// marker that the help (?) shows it whole: a notice never loses its tail unsaid.
func statusLines(_ text: String, width: Int, room: Int, _ strings: Strings) -> [String] {
    let lines = text.wrapped(toWidth: width)
    guard lines.count > room, room > 0 else { return lines }
    let marker = strings.statusContinues
    let last = lines[room - 1].truncated(toWidth: max(0, width - marker.displayWidth - 1), ellipsis: "")
    return Array(lines.prefix(room - 1)) + [last + " " + marker]
}

/// The status line: what is running (and what it waits for), else the last notice.
func statusLine(_ state: WizardState) -> (text: String, style: Style)? {
    let strings = state.strings
    if let busy = state.busy {
        let elapsed = ProgressList.seconds(state.now - state.busySince)
        let text = state.progress.map(strings.progress) ?? strings.busy(busy)
        let line = Spinner.frame(at: state.now - state.busySince) + " " + text + "  " + elapsed
        // A key refused while this runs says why under the progress, which it would not replace.
        if case .keyUnavailable(_, let why)? = state.notice, why == .writeInProgress || why == .busy {
            return (line + "\n" + state.words(state.notice!), state.theme.warning)
        }
        return (line, state.theme.accent)
    }
    // A notice drawn inside the open dialog is not drawn again under it, half covered.
    if state.modal != nil, state.dialogNotice != nil, state.dialogNotice == state.notice { return nil }
    return state.notice.map { (state.words($0), $0.isGood ? state.theme.good : state.theme.warning) }
}

func footerHints(_ state: WizardState) -> [Footer.Hint] {
    let s = state.strings
    let essential = [Footer.Hint("?", s.keyHelp, priority: 9), Footer.Hint("q", s.keyQuit, priority: 9)]
    let back = Footer.Hint("Esc", s.keyBack, priority: 8)
    let refresh = Footer.Hint("r", s.keyRefresh, priority: 3)
    let writes = state.mode == .setup
    if state.modal != nil { return [Footer.Hint("Tab", s.keyMove, priority: 5), Footer.Hint("Enter", s.keyChoose, priority: 9), Footer.Hint("Esc", s.cancel.lowercased(), priority: 9)] }
    if state.isTooSmall { return [Footer.Hint("q", s.keyQuit, priority: 9)] }
    switch state.screen {
    case .connect:
        return [Footer.Hint("Tab", s.keyNext, priority: 5), Footer.Hint("Enter", s.keyConnect, priority: 9),
                Footer.Hint("F1", s.keyHelp, priority: 9), Footer.Hint("F10/^C", s.keyQuit, priority: 9)]
    case .resumeOffer:
        return [Footer.Hint("↑↓", s.keyMove, priority: 4), Footer.Hint("Enter", s.keyChoose, priority: 8)] + essential
    case .overview:
        // b rolls back what a stopped run left (the resume offer's "Roll back everything").
        let rollback = writes && !state.rollbackEntries(for: StepID.allCases).isEmpty ? [Footer.Hint("b", s.keyRollbackAll, priority: 5)] : []
        return [Footer.Hint("↑↓", s.keyMove, priority: 2), Footer.Hint("Enter", s.keyOpen, priority: 8),
                Footer.Hint("1-3", s.keyPhase, priority: 1)] + rollback + [refresh,
                Footer.Hint("s", s.keySummary, priority: 4)] + essential
    case .phase(let phase):
        let step = state.selectedStep(in: phase)
        var hints = [Footer.Hint("↑↓", s.keyMove, priority: 2)]
        if !step.hasPublicAPI { hints.append(Footer.Hint("Enter", s.keyGuide, priority: 7)) }
        // While something runs, a, A and b open nothing (they say why): the footer does not offer them.
        let idle = writes && state.busy == nil
        if idle && step.hasPublicAPI { hints.append(Footer.Hint("a", s.keyApply, priority: 7)) }
        if idle { hints += [Footer.Hint("A", s.keyApplyPhase, priority: 4), Footer.Hint("b", step.hasPublicAPI ? s.keyRollback : s.keyWithdraw, priority: 6)] }
        if writes && !state.userTypesToOffer.isEmpty { hints.append(Footer.Hint("t", s.keyIncludeUserTypes, priority: 5)) }
        hints += [Footer.Hint("n", phase == Phase.allCases.last ? s.keySummary : s.keyNextPhase, priority: 3),
                  Footer.Hint("u", s.keyCheckUser, priority: 2), refresh, back]
        return hints + essential
    case .consoleChoice:
        return [Footer.Hint("↑↓", s.keyMove, priority: 4), Footer.Hint("Enter", s.keyChoose, priority: 8),
                Footer.Hint("1-3", s.keyPhase, priority: 1), Footer.Hint("s", s.keySummary, priority: 2), back] + essential
    case .manual(let step):
        var hints: [Footer.Hint] = []
        if writes && state.canTick(step) { hints.append(Footer.Hint("Space", s.keyTick, priority: 5)) }
        if writes && state.manualConfirmation { hints.append(Footer.Hint("Enter", s.keyConfirm, priority: 6)) }
        if writes && state.journal?.confirmations.contains(where: { $0.step == step }) == true {
            hints.append(Footer.Hint("b", s.keyWithdraw, priority: 5))
        }
        if state.demoConsole && writes { hints.append(Footer.Hint("D", s.keyDemoShort, priority: 7)) }
        return hints + [refresh, back] + essential
    case .summary:
        return [Footer.Hint("u", s.keyCheckUser, priority: 5), Footer.Hint("v", s.keyVerify, priority: 5),
                Footer.Hint("w", s.keySaveReport, priority: 4), back] + essential
    case .userCheck:
        // Every printable key goes to the login field: quit is Ctrl-C here.
        return [Footer.Hint("Enter", s.keyCheck, priority: 9), back, Footer.Hint("F1", s.keyHelp, priority: 9),
                Footer.Hint("F10/^C", s.keyQuit, priority: 9)]
    }
}

// MARK: Screens

private func drawConnect(_ state: WizardState, in body: Rect, into buffer: inout Buffer) -> (x: Int, y: Int)? {
    let s = state.strings, theme = state.theme
    let box = body.centred(width: min(90, body.width), height: min(18, body.height))
    let inside = drawBox(box, title: s.connectTitle, style: theme.accent, titleStyle: theme.title, into: &buffer).inset(horizontal: 1, vertical: 0)
    var y = inside.y
    y += drawParagraph(s.connectIntro, in: Rect(x: inside.x, y: y, width: inside.width, height: 4), style: theme.muted, into: &buffer) + 1
    let credentialsLabel: String
    if case .oauth = state.presetCredentials { credentialsLabel = s.oauthLabel } else { credentialsLabel = s.tokenLabel }
    let labelWidth = max(s.orgURLLabel.displayWidth, credentialsLabel.displayWidth) + 2
    let fieldRect = { (row: Int) in Rect(x: inside.x + labelWidth, y: row, width: inside.width - labelWidth, height: 1) }
    var cursor: (x: Int, y: Int)?

    buffer.put(s.orgURLLabel, x: inside.x, y: y, style: state.connectFocus == 0 ? .bold : .plain)
    let orgCursor = state.orgField.render(in: fieldRect(y), focused: state.connectFocus == 0, theme: theme, into: &buffer)
    if state.connectFocus == 0 { cursor = orgCursor }
    y += 1
    if !state.orgField.value.isEmpty {
        if let problem = urlProblem(state.orgField.value, s) {
            y += drawParagraph("✗ " + problem, in: Rect(x: inside.x + labelWidth, y: y, width: inside.width - labelWidth, height: 3),
                               style: theme.bad, into: &buffer)
        } else {
            buffer.put("✓ " + s.urlLooksRight, x: inside.x + labelWidth, y: y, style: theme.good)
            y += 1
        }
    }
    y += 1
    buffer.put(credentialsLabel, x: inside.x, y: y, style: state.connectFocus == 1 ? .bold : .plain)
    if state.credentialsPreset {
        let source = state.presetCredentials.map(s.presetCredentials) ?? s.tokenFromEnvironment
        buffer.put(source.truncated(toWidth: inside.width - labelWidth), x: inside.x + labelWidth, y: y, style: theme.muted)
    } else {
        var field = state.tokenField
        field.placeholder = s.tokenPlaceholder
        let tokenCursor = field.render(in: fieldRect(y), focused: state.connectFocus == 1, theme: theme, into: &buffer)
        if state.connectFocus == 1 { cursor = tokenCursor }
    }
    y += 2
    let buttonFocus = state.credentialsPreset ? 1 : 2
    drawButton(s.connectButton, at: inside.x + labelWidth, y: y, focused: state.connectFocus == buttonFocus, into: &buffer)
    if state.busy == .connecting {
        buffer.put(Spinner.frame(at: state.now) + " " + s.connecting, x: inside.x, y: min(inside.maxY - 1, y + 2), style: theme.accent)
    }
    return cursor
}

private func drawResumeOffer(_ state: WizardState, in body: Rect, into buffer: inout Buffer) -> Int {
    let s = state.strings, theme = state.theme
    var y = body.y + 1
    buffer.put(s.resumeTitle, x: body.x, y: y, style: theme.title)
    y += 1
    // A path is copied, never cut: it wraps onto a line of its own.
    if let path = state.journalPath {
        y += drawParagraph(s.journalAt(path), in: Rect(x: body.x, y: y, width: body.width, height: body.maxY - y), style: theme.muted, into: &buffer) + 1
    }
    // The choice comes first, so it is on screen however long the journal is.
    var radio = state.resumeChoice
    radio.options = [s.resumeOption, s.rollbackOption, s.startOverOption]
    y += radio.draw(in: Rect(x: body.x, y: y, width: body.width, height: body.maxY - y), WidgetContext(theme: theme, focused: true), into: &buffer) + 1
    for entry in state.journal?.entries ?? [] {
        y += drawJournalEntry(entry, state, in: Rect(x: body.x + 1, y: y, width: body.width - 1, height: body.maxY - y), into: &buffer)
    }
    return y - body.y
}

private func stepRow(_ state: WizardState, _ step: StepID, width: Int) -> (text: String, style: Style) {
    let report = state.report(step)
    let mark = report.map { state.strings.statusMark($0.status) } ?? "·"
    let status = report.map { state.strings.status($0.status) } ?? ""
    let title = state.strings.stepTitle(step)
    let gap = max(1, width - 2 - title.displayWidth - status.displayWidth)
    return ("\(mark) " + title.truncated(toWidth: width - 3 - status.displayWidth) + String(repeating: " ", count: gap) + status,
            statusStyle(report?.status, state.theme))
}

/// `compact`: without the blank rows between phases.
private func drawOverview(_ state: WizardState, compact: Bool = false, in body: Rect, into buffer: inout Buffer) -> Int {
    let s = state.strings, theme = state.theme
    var y = body.y + 1
    y += drawParagraph(s.overviewIntro, in: Rect(x: body.x, y: y, width: body.width, height: body.maxY - y), style: theme.muted, into: &buffer) + 1
    y += drawAppBeingSetUp(state, in: Rect(x: body.x, y: y, width: body.width, height: body.maxY - y), into: &buffer)
    let width = min(body.width, 76)
    for (index, phase) in Phase.allCases.enumerated() {
        guard y < body.maxY else { break }
        let selected = index == state.overviewSelection
        let status = phaseStatus(state, phase)
        buffer.put(s.phaseTitle(phase), x: body.x, y: y, style: selected ? .reverse : theme.heading)
        if let status { buffer.put(s.statusMark(status), x: body.x + s.phaseTitle(phase).displayWidth + 1, y: y, style: statusStyle(status, theme)) }
        y += 1
        for step in state.steps(in: phase) where y < body.maxY {
            let row = stepRow(state, step, width: width - 2)
            buffer.put(row.text, x: body.x + 2, y: y, style: row.style)
            y += 1
        }
        if !compact || phase == Phase.allCases.last { y += 1 }
    }
    if !state.reports.isEmpty, y < body.maxY {
        let left = state.reports.filter { $0.status != .ok }.count
        buffer.put(left == 0 ? s.allDone : s.stepsLeft(left), x: body.x, y: y, style: left == 0 ? theme.good : theme.text)
        y += 1
        y += drawParagraph(s.whatNext(state), in: Rect(x: body.x, y: y, width: min(body.width, 100), height: body.maxY - y),
                           style: theme.accent, into: &buffer)
    }
    return y - body.y
}

private func drawPhase(_ state: WizardState, _ phase: Phase, in body: Rect, into buffer: inout Buffer) -> Int {
    let s = state.strings, theme = state.theme
    let listWidth = min(44, max(30, body.width * 2 / 5))
    let (list, detail) = body.inset(horizontal: 0, vertical: 0).splitLeft(listWidth)
    let listInside = drawBox(list, title: s.phaseTitle(phase), style: theme.muted, titleStyle: theme.title, into: &buffer)
    let steps = state.steps(in: phase)
    let selected = state.selectedStep(in: phase)
    var y = listInside.y
    for step in steps where y < listInside.maxY {
        let report = state.report(step)
        let lines = Array(s.stepTitle(step).wrapped(toWidth: listInside.width - 4).prefix(2))
        let rows = lines.count + 1
        for (index, line) in lines.enumerated() {
            buffer.put((index == 0 ? (report.map { s.statusMark($0.status) } ?? "·") + " " : "  ") + line,
                       x: listInside.x + 1, y: y + index, style: statusStyle(report?.status, theme), clip: listInside)
        }
        buffer.put("  " + (report.map { s.status($0.status) } ?? ""), x: listInside.x + 1, y: y + lines.count, style: theme.muted, clip: listInside)
        if step == selected { buffer.restyle(Rect(x: listInside.x, y: y, width: listInside.width, height: rows), with: .reverse) }
        y += rows + 1
    }
    let inside = drawBox(Rect(x: detail.x + 1, y: detail.y, width: detail.width - 1, height: detail.height),
                         title: s.stepTitle(selected), style: theme.muted, titleStyle: theme.title, into: &buffer)
        .inset(horizontal: 1, vertical: 0)
    return drawScrolled(state, in: inside, into: &buffer) { drawStepDetail(state, selected, in: $0, into: &$1) }
}

private func drawStepDetail(_ state: WizardState, _ step: StepID, in rect: Rect, into buffer: inout Buffer) -> Int {
    let s = state.strings, theme = state.theme
    var y = rect.y
    guard let report = state.report(step) else {
        buffer.put(Spinner.frame(at: state.now) + " " + s.checking, x: rect.x, y: y, style: theme.accent)
        return 1
    }
    let statusText = s.statusMark(report.status) + " " + s.status(report.status)
    buffer.put(statusText, x: rect.x, y: y, style: statusStyle(report.status, theme))
    y += 1
    let rest = { Rect(x: rect.x, y: y, width: rect.width, height: rect.maxY - y) }
    y += drawParagraph(s.explanation(report), in: rest(), style: theme.text, into: &buffer)
    y += drawParagraph(s.reason(report), in: rest(), style: theme.muted, into: &buffer)
    // Done as the org reads, yet written under a gate shut now: the pane says so after the
    // status line that named it is gone (re-attack N6).
    if let at = state.writtenPastTheGate(step) {
        y += drawParagraph(s.writtenPastTheGate(at: s.time(at, timeZone: state.timeZone), app: state.observation?.app?.displayName ?? "Dialpad"),
                           in: rest(), style: theme.warning, into: &buffer)
    }
    y += 1
    let detail = StepDetail.of(step, observation: state.observation, desired: state.desired, why: report.why, journal: state.journal)
    y += StatusPanel(rows: detail.rows(s, theme: theme)).draw(in: rest(), WidgetContext(theme: theme), into: &buffer)
    y += 1
    if !step.hasPublicAPI {
        y += drawLabelled(s.nextRequest, s.manualNoAPI, in: rest(), style: theme.accent, into: &buffer)
    } else if state.mode == .setup {
        let writes = state.plannedWrites(for: [step])
        if writes.isEmpty {
            let waits = WritePlanner.waitsFor(step, reports: state.reports)
            let none = report.status == .conflict ? s.noRequestInConflict : (waits.isEmpty || report.status == .ok ? s.noRequest : s.waitsForSteps(waits))
            y += drawLabelled(s.nextRequest, none, in: rest(), style: theme.muted, into: &buffer)
        }
        for write in writes {
            y += drawLabelled(s.nextRequest, write.method + " " + write.path, in: rest(), style: theme.accent, into: &buffer)
            y += drawParagraph(s.purpose(write), in: rest(), style: theme.muted, indent: 2, into: &buffer)
        }
    }
    let unverified = s.unverified(report)
    if !unverified.isEmpty {
        y += drawParagraph(s.labelled(s.unverifiedLabel, unverified.joined(separator: s.language == .ja ? "、" : "; ")),
                           in: rest(), style: theme.warning, into: &buffer)
    }
    // A phase done says what comes next.
    if phaseStatus(state, step.phase) == .ok {
        y += 1
        y += drawParagraph(s.whatNext(state), in: rest(), style: theme.accent, into: &buffer)
    }
    return y - rect.y
}

/// `label  value`, the value's lines in their own column (a hanging indent), as a detail
/// pane's rows are (`StatusPanel`); a value with a word too wide for that column (a path) goes
/// under its label, indented, and from the pane's edge only when wider than that: never cut.
@discardableResult
func drawLabelled(_ label: String, _ value: String, in rect: Rect, style: Style, into buffer: inout Buffer) -> Int {
    func fits(_ column: Int) -> [String]? {
        let lines = value.wrapped(toWidth: rect.width - column, cuttingWords: false)
        return column < rect.width && lines.allSatisfy({ $0.displayWidth <= rect.width - column }) ? lines : nil
    }
    let beside = fits(label.displayWidth + 2)
    guard let (column, lines) = beside.map({ (label.displayWidth + 2, $0) }) ?? fits(2).map({ (2, $0) }) else {
        return drawParagraph(label + "  " + value, in: rect, style: style, into: &buffer)
    }
    guard rect.height > 0 else { return 0 }
    buffer.put(label, x: rect.x, y: rect.y, style: style, clip: rect)
    var row = beside == nil ? 1 : 0
    for line in lines where row < rect.height {
        buffer.put(line, x: rect.x + column, y: rect.y + row, style: style, clip: rect)
        row += 1
    }
    return row
}

private func drawConsoleChoice(_ state: WizardState, _ step: StepID, in body: Rect, into buffer: inout Buffer) -> Int {
    let s = state.strings, theme = state.theme, language = state.language
    guard let console = step.definition.console else { return 0 }
    var y = body.y + 1
    // A step whose console action does nothing before later steps says so first, in place of
    // its question: the action is asked for once it works (issue 23 §1).
    let report = state.report(step)
    let later = report?.why.laterSteps ?? []
    buffer.put(later.isEmpty ? console.question?.title(language) ?? s.stepTitle(step) : s.stepTitle(step), x: body.x, y: y, style: theme.title)
    y += 2
    if let report, !later.isEmpty {
        buffer.put(s.statusMark(report.status) + " " + s.status(report.status), x: body.x, y: y, style: statusStyle(report.status, theme))
        y += 1
        y += drawParagraph(s.explanation(report), in: Rect(x: body.x, y: y, width: min(body.width, 100), height: body.maxY - y), style: theme.warning, into: &buffer)
        y += drawParagraph(s.reason(report), in: Rect(x: body.x, y: y, width: min(body.width, 100), height: body.maxY - y), style: theme.muted, into: &buffer) + 1
    } else if let intro = console.question?.intro(language) {
        y += drawParagraph(intro, in: Rect(x: body.x, y: y, width: min(body.width, 100), height: body.maxY - y), into: &buffer) + 1
    }
    if let observation = state.observation {
        for fact in step.definition.facts(observation) {
            guard case .userSample = fact else { continue }
            let (label, value, _) = s.fact(fact)
            y += drawParagraph(s.labelled(label, value), in: Rect(x: body.x, y: y, width: body.width, height: body.maxY - y), style: theme.muted, into: &buffer) + 1
        }
    }
    var radio = state.consoleChoice
    radio.options = console.options.map { $0.label(language) }
    y += radio.draw(in: Rect(x: body.x, y: y, width: body.width, height: body.maxY - y), WidgetContext(theme: theme, focused: true), into: &buffer) + 1
    if let report, later.isEmpty, y < body.maxY {
        buffer.put(s.statusMark(report.status) + " " + s.status(report.status), x: body.x, y: y, style: statusStyle(report.status, theme))
        y += 1
        y += drawParagraph(s.reason(report), in: Rect(x: body.x, y: y, width: body.width, height: body.maxY - y), style: theme.muted, into: &buffer)
    }
    return y - body.y
}

/// Scrolls the guide, as little as it takes, so its box is in view: Space ticks a box the
/// admin sees, not one below the fold (re-attack of issue 23, N9).
func revealGuideBox(_ step: StepID, in state: inout WizardState) {
    let body = screenRects(state).body
    guard body.width > 0, body.height > 1 else { return }
    var box: Range<Int>?
    var scratch = Buffer(size: Size(width: body.width, height: max(256, body.height * 4)))
    let used = drawManual(state, step, in: Rect(x: 0, y: 0, width: body.width, height: scratch.size.height), into: &scratch) { box = $0 }
    guard let box, used > body.height else { return }
    let window = body.height - 1
    var top = min(max(0, state.scroll), used - window)
    if box.upperBound > top + window { top = box.upperBound - window }
    if box.lowerBound < top { top = box.lowerBound }
    state.scroll = max(0, top)
}

/// `box`: told the rows the confirmation box takes, when there is one.
private func drawManual(_ state: WizardState, _ step: StepID, in body: Rect, into buffer: inout Buffer,
                        box: (Range<Int>) -> Void = { _ in }) -> Int {
    let s = state.strings, theme = state.theme
    var y = body.y + 1
    buffer.put(s.manualTitle(s.stepTitle(step)), x: body.x, y: y, style: theme.title, clip: body)
    y += 1
    if state.demoConsole && state.mode == .setup {
        buffer.put(s.demoOnly, x: body.x, y: y, style: theme.banner, clip: body)
        y += 1
    }
    y += drawParagraph(s.manualWhy, in: Rect(x: body.x, y: y, width: body.width, height: body.maxY - y), style: theme.muted, into: &buffer) + 1
    let app = state.observation?.app?.displayName ?? "Dialpad"
    let console = step.definition.console
    for line in console?.guidance(app: app, language: state.language, report: state.report(step)) ?? [] where y < body.maxY {
        y += drawParagraph(line, in: Rect(x: body.x, y: y, width: body.width, height: body.maxY - y), indent: 2, into: &buffer)
    }
    y += 1
    if state.mode == .setup, state.canTick(step), let option = state.option(for: step) {
        // A recorded confirmation stays ticked: the box shows what the journal holds.
        let recorded = state.journal?.confirmations.contains { $0.step == step && $0.choice == option.choice } == true
        let rows = Checkbox(label: option.confirmation(state.language), checked: state.manualConfirmation || recorded)
            .draw(in: Rect(x: body.x, y: y, width: body.width, height: body.maxY - y), WidgetContext(theme: theme, focused: true), into: &buffer)
        box((y - body.y)..<(y - body.y + rows))
        y += rows + 1
    }
    buffer.put(s.detected, x: body.x, y: y, style: theme.heading)
    if let report = state.report(step) {
        // Wrapped in its column, never clipped at the pane's edge (attack on issue 23, item 14).
        let line = s.statusMark(report.status) + " " + s.status(report.status) + (report.status == .ok ? "" : "  " + s.waitingFor(tick: state.mode == .setup && state.canTick(step)))
        let column = body.x + s.detected.displayWidth + 2
        y += max(1, drawParagraph(line, in: Rect(x: column, y: y, width: body.maxX - column, height: body.maxY - y), style: statusStyle(report.status, theme), into: &buffer))
    } else {
        y += 1
    }
    let detail = StepDetail.of(step, observation: state.observation, desired: state.desired, why: state.report(step)?.why, journal: state.journal)
    y += StatusPanel(rows: detail.rows(s, theme: theme)).draw(in: Rect(x: body.x + 2, y: y, width: body.width - 2, height: body.maxY - y), WidgetContext(theme: theme), into: &buffer)
    if let report = state.report(step) {
        y += drawParagraph(s.reason(report), in: Rect(x: body.x + 2, y: y, width: body.width - 2, height: body.maxY - y), style: theme.muted, into: &buffer)
    }
    return y - body.y
}

/// One user, explained: the login field, then what was read and the one reason.
private func drawUserCheck(_ state: WizardState, in body: Rect, into buffer: inout Buffer) -> (cursor: (x: Int, y: Int)?, scrollLimit: Int) {
    let s = state.strings, theme = state.theme
    var y = body.y + 1
    buffer.put(s.userCheckTitle, x: body.x, y: y, style: theme.title, clip: body)
    y += 2
    y += drawParagraph(s.userCheckIntro, in: Rect(x: body.x, y: y, width: min(body.width, 100), height: body.maxY - y), style: theme.muted, into: &buffer) + 1
    buffer.put(s.userLabel, x: body.x, y: y, style: .bold)
    let labelWidth = s.userLabel.displayWidth + 2
    let cursor = state.userField.render(in: Rect(x: body.x + labelWidth, y: y, width: min(60, body.width - labelWidth), height: 1),
                                        focused: true, theme: theme, into: &buffer)
    y += 2
    guard let check = state.userCheck, y < body.maxY else { return (cursor, 0) }
    // The login field stays put; what was found scrolls below it.
    let limit = drawScrolled(state, in: Rect(x: body.x, y: y, width: body.width, height: body.maxY - y), into: &buffer) { rect, buffer in
        let text = UserCheckText(language: state.language, app: state.observation?.app?.displayName ?? "Dialpad")
        let rows = text.rows(check).map { StatusPanel.Row($0.label, $0.value) }
        var y = rect.y
        y += StatusPanel(rows: rows).draw(in: rect, WidgetContext(theme: theme), into: &buffer) + 1
        y += drawParagraph((check.holdsNumber ? "✓ " : "✗ ") + text.reason(check), in: Rect(x: rect.x, y: y, width: rect.width, height: rect.maxY - y),
                           style: check.holdsNumber ? theme.good : theme.warning, into: &buffer)
        return y - rect.y
    }
    return (cursor, limit)
}

/// A journal entry: what became of which step and when, then its request, muted below it.
private func drawJournalEntry(_ entry: Journal.Entry, _ state: WizardState, in rect: Rect, into buffer: inout Buffer) -> Int {
    let (head, request) = state.strings.journalLines(entry, timeZone: state.timeZone)
    let style = entry.outcome == .done ? state.theme.good : (entry.outcome == .intent ? state.theme.warning : state.theme.muted)
    let rows = drawParagraph(head, in: rect, style: style, into: &buffer)
    return rows + drawParagraph(request, in: Rect(x: rect.x, y: rect.y + rows, width: rect.width, height: rect.height - rows),
                                style: state.theme.muted, indent: 4, into: &buffer)
}

private func drawSummary(_ state: WizardState, in body: Rect, into buffer: inout Buffer) -> Int {
    let s = state.strings, theme = state.theme
    var y = body.y + 1
    buffer.put(s.summaryTitle, x: body.x, y: y, style: theme.title)
    y += 1
    y += drawAppBeingSetUp(state, in: Rect(x: body.x, y: y, width: body.width, height: body.maxY - y), into: &buffer)
    buffer.put(state.isComplete ? "✓ " + s.setupComplete : s.setupIncomplete, x: body.x, y: y, style: state.isComplete ? theme.good : theme.warning)
    y += 2
    for step in StepID.allCases where y < body.maxY {
        let row = stepRow(state, step, width: min(76, body.width - 2))
        buffer.put(row.text, x: body.x + 1, y: y, style: row.style)
        y += 1
    }
    y += 1
    buffer.put(s.changesMade, x: body.x, y: y, style: theme.heading)
    y += 1
    let entries = (state.journal?.entries ?? []).filter { $0.outcome != .failed }
    if entries.isEmpty { buffer.put(s.noChanges, x: body.x + 1, y: y, style: theme.muted); y += 1 }
    for entry in entries {
        y += drawJournalEntry(entry, state, in: Rect(x: body.x + 1, y: y, width: body.width - 1, height: body.maxY - y), into: &buffer)
    }
    let confirmations = state.journal?.confirmations ?? []
    if !confirmations.isEmpty {
        y += 1
        buffer.put(s.confirmations, x: body.x, y: y, style: theme.heading)
        y += 1
        for confirmation in confirmations {
            y += drawParagraph(s.time(confirmation.at, timeZone: state.timeZone) + "  " + s.confirmation(confirmation),
                               in: Rect(x: body.x + 1, y: y, width: body.width - 1, height: body.maxY - y), style: theme.warning, into: &buffer)
        }
    }
    y += 1
    y += drawParagraph(s.whatNext(state), in: Rect(x: body.x, y: y, width: min(body.width, 100), height: body.maxY - y), style: theme.accent, into: &buffer)
    if let path = state.journalPath {
        y += 1
        y += drawParagraph(s.journalAt(path), in: Rect(x: body.x, y: y, width: body.width, height: body.maxY - y), style: theme.muted, into: &buffer)
    }
    return y - body.y
}
