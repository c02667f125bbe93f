/**
 * Every refusal a screen shows, worded for whoever is in front of it (the
 * visitor, or the clerk at a counter), in every language (@hall/common/trilingual).
 */
import type { KioskErrorCode } from '../../shared/kiosk-api.ts';
import type { RefusalCode } from '../refusal.ts';
import { generalLine } from './general-line.ts';
import { w, type Words } from '@hall/common/trilingual';

/** What a refusal says when there is nothing for the visitor or the clerk to do but ask for help. */
const GENERAL = w(
  '大厅服务器暂时无法处理。请到服务台咨询工作人员。',
  '大廳伺服器暫時無法處理。請到服務台諮詢工作人員。',
  'The hall server could not handle this. Please ask at the help desk.',
);

export const REFUSAL_WORDS = {
  errors: {
    // The ticket printer: nothing is issued that cannot be printed.
    PRINTER_PAPER_OUT: w(
      '打印机缺纸，暂时无法取号。请到服务台咨询工作人员。',
      '印表機缺紙，暫時無法取號。請到服務台諮詢工作人員。',
      'The ticket printer is out of paper, so no ticket can be issued right now. Please ask at the help desk.',
    ),
    PRINTER_COVER_OPEN: w(
      '打印机上盖未关好，暂时无法取号。请到服务台咨询工作人员。',
      '印表機上蓋未關好，暫時無法取號。請到服務台諮詢工作人員。',
      'The ticket printer cover is open, so no ticket can be issued right now. Please ask at the help desk.',
    ),
    PRINTER_ABSENT: w(
      '未检测到打印机，暂时无法取号。请到服务台咨询工作人员。',
      '未偵測到印表機，暫時無法取號。請到服務台諮詢工作人員。',
      'The ticket printer is not connected, so no ticket can be issued right now. Please ask at the help desk.',
    ),
    PRINTER_OFFLINE: w(
      '打印机离线或故障，暂时无法取号。请到服务台咨询工作人员。',
      '印表機離線或故障，暫時無法取號。請到服務台諮詢工作人員。',
      'The ticket printer is offline or faulty, so no ticket can be issued right now. Please ask at the help desk.',
    ),
    PRINT_FAILED: w(
      '票据打印失败，本次取号已撤销。请到服务台咨询工作人员。',
      '票據列印失敗，本次取號已撤銷。請到服務台諮詢工作人員。',
      'The ticket could not be printed, so it has been withdrawn. Please ask at the help desk.',
    ),
    // The visitor’s card and what they typed.
    NO_CARD: w('请先在读卡区放置身份证。', '請先在讀卡區放置身分證。', 'Please place your ID card on the reader first.'),
    CARD_READ_FAILED: w(
      '身份证读取失败，请拿起后重新放置。',
      '身分證讀取失敗，請拿起後重新放置。',
      'The ID card could not be read; please lift it and place it again.',
    ),
    INVALID_ID_NUMBER: w(
      '证件号码无效。请到服务台咨询工作人员。',
      '證件號碼無效。請到服務台諮詢工作人員。',
      'The ID number is not valid. Please ask at the help desk.',
    ),
    INVALID_APPOINTMENT_CODE: w(
      '预约码应为 6 至 10 位数字，请核对后重新输入。',
      '預約碼應為 6 至 10 位數字，請核對後重新輸入。',
      'An appointment code has 6 to 10 digits; please check it and try again.',
    ),
    INVALID_TICKET_NUMBER: w('号码格式不正确，例如 A012。', '號碼格式不正確，例如 A012。', 'That is not a ticket number; numbers look like A012.'),
    IDENTITY_REQUIRED: w('办理此事项需要先刷身份证。', '辦理此事項需要先刷身分證。', 'This service needs your ID card: please place it on the reader.'),
    // Issuing, checking in, looking up.
    UNKNOWN_SERVICE: w(
      '该事项暂不可办理。请到服务台咨询工作人员。',
      '該事項暫不可辦理。請到服務台諮詢工作人員。',
      'This service is not available. Please ask at the help desk.',
    ),
    QUOTA_EXCEEDED: w(
      '该事项今日号源已发完。请到服务台咨询工作人员。',
      '該事項今日號源已發完。請到服務台諮詢工作人員。',
      'All of today’s tickets for this service have been issued. Please ask at the help desk.',
    ),
    SLOT_QUOTA_EXCEEDED: w(
      '该时段号源已发完。请到服务台咨询工作人员。',
      '該時段號源已發完。請到服務台諮詢工作人員。',
      'All tickets for this time slot have been issued. Please ask at the help desk.',
    ),
    OUTSIDE_ISSUING_HOURS: w(
      '当前不在该事项的取号时间内。请到服务台咨询工作人员。',
      '目前不在該事項的取號時間內。請到服務台諮詢工作人員。',
      'Tickets for this service are not issued at this time. Please ask at the help desk.',
    ),
    DUPLICATE_TICKET: w(
      '您已取过该事项的号，请留意叫号。',
      '您已取過該事項的號，請留意叫號。',
      'You already hold a ticket for this service; please wait for your number.',
    ),
    APPOINTMENT_NOT_FOUND: w(
      '未找到该预约，请核对预约码。请到服务台咨询工作人员。',
      '未找到該預約，請核對預約碼。請到服務台諮詢工作人員。',
      'No appointment has this code; please check it. Please ask at the help desk.',
    ),
    APPOINTMENT_CANCELLED: w(
      '该预约已取消。请到服务台咨询工作人员。',
      '該預約已取消。請到服務台諮詢工作人員。',
      'This appointment was cancelled. Please ask at the help desk.',
    ),
    APPOINTMENT_SERVICE_MISMATCH: w(
      '该预约不是此事项的预约。请到服务台咨询工作人员。',
      '該預約不是此事項的預約。請到服務台諮詢工作人員。',
      'This appointment is for another service. Please ask at the help desk.',
    ),
    APPOINTMENT_NOT_OFFERED: w(
      '该事项不接受预约。请到服务台咨询工作人员。',
      '該事項不接受預約。請到服務台諮詢工作人員。',
      'This service takes no appointments. Please ask at the help desk.',
    ),
    CHECK_IN_TOO_EARLY: w(
      '还未到预约签到时间，请在预约时段开始前 30 分钟内签到。',
      '還未到預約簽到時間，請在預約時段開始前 30 分鐘內簽到。',
      'It is too early to check in; please come back closer to your appointment time.',
    ),
    CHECK_IN_TOO_LATE: w(
      '预约签到时间已过。请到服务台咨询工作人员。',
      '預約簽到時間已過。請到服務台諮詢工作人員。',
      'The check-in time for this appointment has passed. Please ask at the help desk.',
    ),
    ALREADY_CHECKED_IN: w('该预约已签到，请留意叫号。', '該預約已簽到，請留意叫號。', 'This appointment is already checked in; please wait for your number.'),
    GREEN_CHANNEL_NEEDS_STAFF: w(
      '绿色通道需工作人员输入本人工号和密码确认。请到服务台咨询工作人员。',
      '綠色通道需工作人員輸入本人工號和密碼確認。請到服務台諮詢工作人員。',
      'The green channel has to be confirmed by a member of staff with their own staff number and PIN. Please ask at the help desk.',
    ),
    GREEN_CHANNEL_OFFLINE: w(
      '暂时无法连接大厅服务器，绿色通道现在无法确认。您仍可返回取普通号',
      '暫時無法連接大廳伺服器，綠色通道現在無法確認。您仍可返回取普通號',
      'The hall server cannot be reached, so the green channel cannot be confirmed now. You can still go back and take an ordinary ticket',
    ),
    NO_GREEN_CHANNEL: w(
      '该事项不设绿色通道。请到服务台咨询工作人员。',
      '該事項不設綠色通道。請到服務台諮詢工作人員。',
      'This service has no green channel. Please ask at the help desk.',
    ),
    TICKET_NOT_FOUND: w(
      '今天没有这个号码，请核对后重新输入。',
      '今天沒有這個號碼，請核對後重新輸入。',
      'No ticket with this number was issued today; please check it.',
    ),
    // The hall, the device service and the terminal.
    HALL_OFFLINE: w(
      '暂时无法连接大厅服务器。请到服务台咨询工作人员。',
      '暫時無法連接大廳伺服器。請到服務台諮詢工作人員。',
      'The hall server cannot be reached right now. Please ask at the help desk.',
    ),
    OFFLINE_NO_NUMBERS: w(
      '网络中断，本机离线号段已用完。请到服务台咨询工作人员。',
      '網路中斷，本機離線號段已用完。請到服務台諮詢工作人員。',
      'The network is down and this kiosk has no offline numbers left. Please ask at the help desk.',
    ),
    AGENT_UNREACHABLE: w(
      '终端设备服务未响应，请稍候或联系工作人员',
      '終端設備服務未回應，請稍候或聯繫工作人員',
      'The terminal’s device service is not answering; please wait or ask staff',
    ),
    STAFF_ONLY: w('此功能仅限工作人员使用。', '此功能僅限工作人員使用。', 'This function is for staff only.'),
    STAFF_DISABLED: w('本机未设置工作人员密码。', '本機未設定工作人員密碼。', 'No staff PIN is set on this kiosk.'),
    STAFF_LOCKED: w(
      '密码错误次数过多，已暂时锁定，请稍后再试。',
      '密碼錯誤次數過多，已暫時鎖定，請稍後再試。',
      'Too many wrong PINs: locked for now; please try again later.',
    ),
    TOO_MANY_PIN_ATTEMPTS: w(
      '本终端密码错误次数过多，请稍后再试。',
      '本終端密碼錯誤次數過多，請稍後再試。',
      'Too many wrong PINs at this terminal; please try again later.',
    ),
    RATE_LIMITED: w('操作过于频繁，请稍后再试。', '操作過於頻繁，請稍後再試。', 'Too many requests at once; please try again shortly.'),
    NOTHING_TO_REPRINT: w('本机还没有打印过票据。', '本機還沒有列印過票據。', 'This kiosk has not printed a ticket yet.'),
    INVALID_REQUEST: w('请求无效。', '請求無效。', 'The request is not valid.'),
    UNKNOWN_METHOD: w('不支持的操作', '不支援的操作', 'This operation is not supported'),
    NOT_TICKET_KIOSK: w('本终端不是取号机。', '本終端不是取號機。', 'This terminal is not a ticket kiosk.'),
    UNAUTHENTICATED: w(
      '本终端的令牌无效或已过期，请联系管理员重新发放。',
      '本終端的令牌無效或已過期，請聯繫管理員重新發放。',
      'This terminal’s token is not valid or has expired; ask the hall manager for a new one.',
    ),
    FORBIDDEN_ROLE: w('本终端的令牌无权进行此操作。', '本終端的令牌無權進行此操作。', 'This terminal’s token may not do this.'),
    STORE_UNAVAILABLE: w(
      '大厅服务器暂时无法保存，请稍后再试。',
      '大廳伺服器暫時無法儲存，請稍後再試。',
      'The hall server could not save this just now; please try again shortly.',
    ),
    INTERNAL: w('系统出现问题，请联系工作人员', '系統出現問題，請聯繫工作人員', 'Something went wrong; please ask staff'),
    // The counter terminal: the clerk’s words.
    NOT_COUNTER: w('本终端不是窗口终端。', '本終端不是窗口終端。', 'This terminal is not a counter terminal.'),
    WINDOW_NOT_BOUND: w(
      '本终端的令牌未绑定窗口，请联系管理员重新发放。',
      '本終端的令牌未綁定窗口，請聯繫管理員重新發放。',
      'This terminal’s token is not bound to a window; ask the hall manager for a new one.',
    ),
    INVALID_STAFF_NO: w('请输入正确的工号。', '請輸入正確的工號。', 'Enter a valid staff number.'),
    WRONG_PIN: w('工号或密码错误。', '工號或密碼錯誤。', 'Wrong staff number or PIN.'),
    WINDOW_PAUSED: w('窗口已暂停，请先恢复服务。', '窗口已暫停，請先恢復服務。', 'The window is paused; resume it first.'),
    WINDOW_CLOSED: w('窗口未开放，请先签到。', '窗口未開放，請先簽到。', 'The window is closed; sign in first.'),
    WINDOW_NOT_OPEN: w('窗口未开放。', '窗口未開放。', 'The window is not open.'),
    WINDOW_NOT_PAUSED: w('窗口没有暂停。', '窗口沒有暫停。', 'The window is not paused.'),
    WINDOW_ALREADY_OPEN: w('窗口已开放。', '窗口已開放。', 'The window is already open.'),
    WINDOW_ALREADY_CLOSED: w('窗口已关闭。', '窗口已關閉。', 'The window is already closed.'),
    WINDOW_BUSY: w('还有正在办理的号，请先办结或转移。', '還有正在辦理的號，請先辦結或轉移。', 'A ticket is still being handled; finish or transfer it first.'),
    WINDOW_NOT_FOUND: w('大厅里没有这个窗口。', '大廳裡沒有這個窗口。', 'The hall has no such window.'),
    WRONG_WINDOW: w('本终端不能操作其他窗口。', '本終端不能操作其他窗口。', 'This terminal cannot act for another window.'),
    ALREADY_CALLED: w(
      '刚刚已经叫过号，请稍候再叫下一位。',
      '剛剛已經叫過號，請稍候再叫下一位。',
      'A number was called a moment ago; wait a little before calling the next one.',
    ),
    TICKET_TAKEN: w('该号已被其他窗口接办。', '該號已被其他窗口接辦。', 'Another window has already taken this ticket.'),
    TICKET_NOT_WAITING: w('该号不在等候中。', '該號不在等候中。', 'This ticket is not waiting.'),
    SERVICE_NOT_AT_WINDOW: w('本窗口不办理该事项。', '本窗口不辦理該事項。', 'This window does not handle that service.'),
    TICKET_FOR_OTHER_WINDOW: w('该号已指定到其他窗口。', '該號已指定到其他窗口。', 'This ticket was sent to another window.'),
    NOTHING_TO_RECALL: w('当前没有可重呼的号。', '目前沒有可重呼的號。', 'There is no called ticket to recall.'),
    NO_CURRENT_TICKET: w('当前没有正在办理的号。', '目前沒有正在辦理的號。', 'No ticket is being handled.'),
    NOT_CURRENT_TICKET: w('该号已不是本窗口正在办理的号。', '該號已不是本窗口正在辦理的號。', 'That ticket is no longer the one this window is handling.'),
    NOT_CALLED: w(
      '只有已叫号、未开始办理的号可以进行此操作。',
      '只有已叫號、未開始辦理的號可以進行此操作。',
      'Only a called ticket whose service has not started can do this.',
    ),
    NOT_NO_SHOW: w('只有已过号的号可以恢复。', '只有已過號的號可以恢復。', 'Only a ticket marked as a no-show can be reactivated.'),
    REACTIVATION_EXPIRED: w('过号时间太久，不能再恢复。', '過號時間太久，不能再恢復。', 'This no-show is too old to be reactivated.'),
    NOT_TRANSFERABLE: w('该号不能转移。', '該號不能轉移。', 'This ticket cannot be transferred.'),
    TRANSFER_TARGET_REQUIRED: w('请选择转往的事项或窗口。', '請選擇轉往的事項或窗口。', 'Choose the service or window to transfer to.'),
    TRANSFER_TO_SAME: w(
      '不能转到该号当前的事项或窗口，请另选。',
      '不能轉到該號目前的事項或窗口，請另選。',
      'A transfer has to go to another service or window.',
    ),
    REASON_REQUIRED: w('请填写原因。', '請填寫原因。', 'Give a reason.'),
    ALREADY_RATED: w('该号已评价。', '該號已評價。', 'This ticket has already been rated.'),
    RATING_CLOSED: w(
      '办结已超过评价时限，不能再请办事人评价。',
      '辦結已超過評價時限，不能再請辦事人評價。',
      'It is too long since this service ended to ask for a rating.',
    ),
    NOT_YOUR_TICKET: w(
      '该号不是本终端或本窗口办理的号，不能进行此操作。',
      '該號不是本終端或本窗口辦理的號，不能進行此操作。',
      'This ticket is not this terminal’s or this window’s to act on.',
    ),
    NOT_YOUR_VISITOR: w(
      '只能查看本窗口正在办理的办事人的资料。',
      '只能查看本窗口正在辦理的辦事人的資料。',
      'Only the visitor this window is handling now can be looked at.',
    ),
    NOT_FINISHED: w('该号尚未办结。', '該號尚未辦結。', 'This ticket has not been finished.'),
    // The filing machine (自助申报): the visitor’s words.
    NOT_FILING: w('本终端不是自助申报机。', '本終端不是自助申報機。', 'This terminal is not a filing machine.'),
    NO_VISITOR: w(
      '请先刷身份证，或输入、扫描企业统一社会信用代码。',
      '請先刷身分證，或輸入、掃描企業統一社會信用代碼。',
      'Place your ID card on the reader first, or type or scan your company’s unified social credit code.',
    ),
    INVALID_USCC: w('统一社会信用代码有误，请核对', '統一社會信用代碼有誤，請核對', 'This credit code is not right; please check it'),
    BAD_TRACKING_CODE: w(
      '受理编号不正确，请核对回执上的 12 位编号。',
      '受理編號不正確，請核對回執上的 12 位編號。',
      'That is not a tracking code; please check the 12 characters on your receipt.',
    ),
    FILING_NOT_FOUND: w('没有找到这个受理编号的申报。', '沒有找到這個受理編號的申報。', 'No filing has this tracking code.'),
    SERVICE_NOT_FOUND: w(
      '该事项暂不可办理。请到服务台咨询工作人员。',
      '該事項暫不可辦理。請到服務台諮詢工作人員。',
      'This service is not available. Please ask at the help desk.',
    ),
    FILING_CLOSED: w(
      '当前不在该事项的受理时间内，请在办理时间内申报。',
      '目前不在該事項的受理時間內，請在辦理時間內申報。',
      'This service takes filings only within its hours; please come back then.',
    ),
    DUPLICATE_MATERIAL: w('同一材料提交了两次。', '同一材料提交了兩次。', 'The same document was given twice.'),
    TRACKING_CODE_TAKEN: w(
      '受理编号已被占用。请到服务台咨询工作人员。',
      '受理編號已被佔用。請到服務台諮詢工作人員。',
      'This tracking code is already in use. Please ask at the help desk.',
    ),
    TICKET_HAS_FILING: w('该号已关联其他申报。', '該號已關聯其他申報。', 'This ticket is already linked to another filing.'),
    FILING_NOT_OFFERED: w(
      '该事项暂不支持自助申报。请到服务台咨询工作人员。',
      '該事項暫不支援自助申報。請到服務台諮詢工作人員。',
      'This service cannot be filed at the machine. Please ask at the help desk.',
    ),
    APPLICANT_NOT_ALLOWED: w(
      '该事项的申请人类型不符（个人或企业），请换用对应的证件。',
      '該事項的申請人類型不符（個人或企業），請換用對應的證件。',
      'This service is for another kind of applicant (person or company); identify with the matching document.',
    ),
    FORM_INVALID: w(
      '表格有内容需要修改，请查看标红的项目。',
      '表格有內容需要修改，請查看標紅的項目。',
      'Some answers on the form need correcting; see the marked fields.',
    ),
    MATERIAL_MISSING: w(
      '还缺少必交的材料，请补齐后再提交。',
      '還缺少必交的材料，請補齊後再提交。',
      'A required document is missing; add it before submitting.',
    ),
    UNKNOWN_MATERIAL: w('该材料不属于此事项。', '該材料不屬於此事項。', 'That document does not belong to this service.'),
    TOO_MANY_PAGES: w('这份材料的页数已达上限', '這份材料的頁數已達上限', 'This document already has the most pages allowed'),
    PAGE_NOT_FOUND: w('有页面已失效，请重新拍摄。', '有頁面已失效，請重新拍攝。', 'A page is no longer held; please capture it again.'),
    FILE_TYPE_NOT_ALLOWED: w(
      '页面格式不支持，只接受 JPEG、PNG 图片或 PDF 文件。',
      '頁面格式不支援，只接受 JPEG、PNG 圖片或 PDF 檔案。',
      'This page’s format is not accepted: only JPEG or PNG images and PDF files.',
    ),
    FILE_TOO_LARGE: w(
      '页面文件太大（每页不超过 5 MB），请重新拍摄。',
      '頁面檔案太大（每頁不超過 5 MB），請重新拍攝。',
      'This page is too large (at most 5 MB a page); please capture it again.',
    ),
    UPLOAD_TIMEOUT: w('页面上传中断，请重新提交。', '頁面上傳中斷，請重新提交。', 'A page stopped uploading; please submit again.'),
    UPLOAD_QUOTA_EXCEEDED: w(
      '本机今日上传的材料已达上限。请到服务台咨询工作人员。',
      '本機今日上傳的材料已達上限。請到服務台諮詢工作人員。',
      'This machine has uploaded as many pages as it may today. Please ask at the help desk.',
    ),
    FILE_HASH_MISMATCH: w(
      '页面在传输中损坏。请到服务台咨询工作人员。',
      '頁面在傳輸中損壞。請到服務台諮詢工作人員。',
      'A page was damaged on its way to the hall. Please ask at the help desk.',
    ),
    FILE_NOT_UPLOADED: w(
      '材料未能上传到大厅服务器。请到服务台咨询工作人员。',
      '材料未能上傳到大廳伺服器。請到服務台諮詢工作人員。',
      'A document did not reach the hall server. Please ask at the help desk.',
    ),
    FILING_TOO_LARGE: w(
      '材料总量超过上限（30 MB），请减少页数。',
      '材料總量超過上限（30 MB），請減少頁數。',
      'The documents together are too large (at most 30 MB); use fewer pages.',
    ),
    TOO_MANY_STAGED: w(
      '已拍摄的页数太多，请先删去不需要的页。',
      '已拍攝的頁數太多，請先刪去不需要的頁。',
      'Too many pages are held; remove the ones you do not need first.',
    ),
    REUSE_NOT_ALLOWED: w(
      '所选的“我的材料”已失效，请重新拍摄',
      '所選的「我的材料」已失效，請重新拍攝',
      'The kept material chosen is no longer valid; photograph it again',
    ),
    REUSE_CONSENT_REQUIRED: w('复用历史材料需要您先同意。', '複用歷史材料需要您先同意。', 'Reusing stored documents needs your consent first.'),
    FILING_UNDELIVERED: w(
      '这份离线申报未能提交到大厅，请携带回执办理。请到服务台咨询工作人员。',
      '這份離線申報未能提交到大廳，請攜帶回執辦理。請到服務台諮詢工作人員。',
      'This filing made while offline could not be submitted to the hall; bring your receipt. Please ask at the help desk.',
    ),
    // Filings at the counter: the clerk’s words.
    NO_FILING: w('该号没有关联的预登记申报。', '該號沒有關聯的預登記申報。', 'This ticket has no filing linked to it.'),
    FILING_TRANSITION_NOT_ALLOWED: w('申报当前状态不能改为该状态。', '申報目前狀態不能改為該狀態。', 'The filing cannot move to that status from where it is.'),
    FILING_ALREADY_LINKED: w('该申报已关联其他号。', '該申報已關聯其他號。', 'This filing is already linked to another ticket.'),
    INVALID_FILING_STATUS: w('申报状态无效。', '申報狀態無效。', 'That is not a filing status.'),
    FILE_NOT_FOUND: w('没有找到该页材料。', '沒有找到該頁材料。', 'That page was not found.'),
    // What the screen refuses by itself, without asking the device service.
    SCAN_NOT_OURS: w(
      '这个二维码无法识别，请扫描预约短信里的二维码',
      '這個二維碼無法識別，請掃描預約短信裡的二維碼',
      'We cannot read this code; please scan the QR code from your appointment message',
    ),
    SERVICE_UNAVAILABLE: w(
      '该事项现在不能取号，请选择其他事项',
      '該事項現在不能取號，請選擇其他事項',
      'This service is not issuing tickets now; please choose another',
    ),
    SCAN_NOT_FILING: w(
      '无法识别这个二维码：请扫描营业执照上的二维码，或回执上的二维码',
      '無法識別這個二維碼：請掃描營業執照上的二維碼，或回執上的二維碼',
      'This code cannot be read here: scan the QR code on a business licence or on a filing receipt',
    ),
    VISITOR_LOST: w(
      '设备服务重新启动过，本次申报需要重新开始，请重新刷证',
      '設備服務重新啟動過，本次申報需要重新開始，請重新刷證',
      'The device service restarted; please start your application again',
    ),
    // Nothing here for the visitor or the clerk to act on: the help desk (general-line.ts).
    ...generalLine(GENERAL),
  } satisfies Record<RefusalCode, Words>,
  /** A lockout worded with its wait (the host’s Retry-After), when it gave one. */
  errorsWithWait: {
    STAFF_LOCKED: w(
      '密码错误次数过多，已锁定，请 {minutes} 分钟后再试',
      '密碼錯誤次數過多，已鎖定，請 {minutes} 分鐘後再試',
      'Too many wrong PINs: locked; try again in {minutes} min',
    ),
    TOO_MANY_PIN_ATTEMPTS: w(
      '本终端密码错误次数过多，请 {minutes} 分钟后再试。',
      '本終端密碼錯誤次數過多，請 {minutes} 分鐘後再試。',
      'Too many wrong PINs at this terminal; please try again in {minutes} min.',
    ),
  } satisfies Partial<Record<KioskErrorCode, Words>>,
};
