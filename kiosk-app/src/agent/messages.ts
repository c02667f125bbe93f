/**
 * Every refusal the kiosk shows, in zh-CN, zh-TW and en. Hall error codes are
 * mapped to words a visitor understands; codes the kiosk does not know get a
 * general message pointing to the help desk, never the hall's own English.
 */
import { KioskError, type Localized } from '../shared/kiosk-api.ts';

const HELP = { 'zh-CN': '请到服务台咨询工作人员。', 'zh-TW': '請到服務台諮詢工作人員。', en: 'Please ask at the help desk.' };
const withHelp = (zhCN: string, zhTW: string, en: string): Localized => ({ 'zh-CN': zhCN + HELP['zh-CN'], 'zh-TW': zhTW + HELP['zh-TW'], en: `${en} ${HELP.en}` });
const plain = (zhCN: string, zhTW: string, en: string): Localized => ({ 'zh-CN': zhCN, 'zh-TW': zhTW, en });

export const MESSAGES: Record<string, Localized> = {
  // Printer: issuing is refused before anything is issued.
  PRINTER_PAPER_OUT: withHelp('打印机缺纸，暂时无法取号。', '印表機缺紙，暫時無法取號。', 'The ticket printer is out of paper, so no ticket can be issued right now.'),
  PRINTER_COVER_OPEN: withHelp('打印机上盖未关好，暂时无法取号。', '印表機上蓋未關好，暫時無法取號。', 'The ticket printer cover is open, so no ticket can be issued right now.'),
  PRINTER_ABSENT: withHelp('未检测到打印机，暂时无法取号。', '未偵測到印表機，暫時無法取號。', 'The ticket printer is not connected, so no ticket can be issued right now.'),
  PRINTER_OFFLINE: withHelp('打印机离线或故障，暂时无法取号。', '印表機離線或故障，暫時無法取號。', 'The ticket printer is offline or faulty, so no ticket can be issued right now.'),
  PRINT_FAILED: withHelp('票据打印失败，本次取号已撤销。', '票據列印失敗，本次取號已撤銷。', 'The ticket could not be printed, so it has been withdrawn.'),
  // Visitor input.
  NO_CARD: plain('请先在读卡区放置身份证。', '請先在讀卡區放置身分證。', 'Please place your ID card on the reader first.'),
  CARD_READ_FAILED: plain('身份证读取失败，请拿起后重新放置。', '身分證讀取失敗，請拿起後重新放置。', 'The ID card could not be read; please lift it and place it again.'),
  INVALID_ID_NUMBER: withHelp('证件号码无效。', '證件號碼無效。', 'The ID number is not valid.'),
  INVALID_APPOINTMENT_CODE: plain('预约码应为 6 至 10 位数字，请核对后重新输入。', '預約碼應為 6 至 10 位數字，請核對後重新輸入。', 'An appointment code has 6 to 10 digits; please check it and try again.'),
  INVALID_TICKET_NUMBER: plain('号码格式不正确，例如 A012。', '號碼格式不正確，例如 A012。', 'That is not a ticket number; numbers look like A012.'),
  IDENTITY_REQUIRED: plain('办理此事项需要先刷身份证。', '辦理此事項需要先刷身分證。', 'This service needs your ID card: please place it on the reader.'),
  // Hall refusals.
  UNKNOWN_SERVICE: withHelp('该事项暂不可办理。', '該事項暫不可辦理。', 'This service is not available.'),
  QUOTA_EXCEEDED: withHelp('该事项今日号源已发完。', '該事項今日號源已發完。', 'All of today’s tickets for this service have been issued.'),
  SLOT_QUOTA_EXCEEDED: withHelp('该时段号源已发完。', '該時段號源已發完。', 'All tickets for this time slot have been issued.'),
  OUTSIDE_ISSUING_HOURS: withHelp('当前不在该事项的取号时间内。', '目前不在該事項的取號時間內。', 'Tickets for this service are not issued at this time.'),
  DUPLICATE_TICKET: plain('您已取过该事项的号，请留意叫号。', '您已取過該事項的號，請留意叫號。', 'You already hold a ticket for this service; please wait for your number.'),
  APPOINTMENT_NOT_FOUND: withHelp('未找到该预约，请核对预约码。', '未找到該預約，請核對預約碼。', 'No appointment has this code; please check it.'),
  APPOINTMENT_CANCELLED: withHelp('该预约已取消。', '該預約已取消。', 'This appointment was cancelled.'),
  APPOINTMENT_SERVICE_MISMATCH: withHelp('该预约不是此事项的预约。', '該預約不是此事項的預約。', 'This appointment is for another service.'),
  CHECK_IN_TOO_EARLY: plain('还未到预约签到时间，请在预约时段开始前 30 分钟内签到。', '還未到預約簽到時間，請在預約時段開始前 30 分鐘內簽到。', 'It is too early to check in; please come back closer to your appointment time.'),
  CHECK_IN_TOO_LATE: withHelp('预约签到时间已过。', '預約簽到時間已過。', 'The check-in time for this appointment has passed.'),
  ALREADY_CHECKED_IN: plain('该预约已签到，请留意叫号。', '該預約已簽到，請留意叫號。', 'This appointment is already checked in; please wait for your number.'),
  GREEN_CHANNEL_NEEDS_STAFF: withHelp('绿色通道需工作人员确认。', '綠色通道需工作人員確認。', 'The green channel has to be confirmed by staff.'),
  NO_GREEN_CHANNEL: withHelp('该事项不设绿色通道。', '該事項不設綠色通道。', 'This service has no green channel.'),
  TICKET_NOT_FOUND: plain('今天没有这个号码，请核对后重新输入。', '今天沒有這個號碼，請核對後重新輸入。', 'No ticket with this number was issued today; please check it.'),
  // The hall or the kiosk itself.
  HALL_OFFLINE: withHelp('暂时无法连接大厅服务器。', '暫時無法連接大廳伺服器。', 'The hall server cannot be reached right now.'),
  OFFLINE_NO_NUMBERS: withHelp('网络中断，本机离线号段已用完。', '網路中斷，本機離線號段已用完。', 'The network is down and this kiosk has no offline numbers left.'),
  STAFF_ONLY: plain('此功能仅限工作人员使用。', '此功能僅限工作人員使用。', 'This function is for staff only.'),
  STAFF_DISABLED: plain('本机未设置工作人员密码。', '本機未設定工作人員密碼。', 'No staff PIN is set on this kiosk.'),
  STAFF_LOCKED: plain('密码错误次数过多，请稍后再试。', '密碼錯誤次數過多，請稍後再試。', 'Too many wrong PINs; please try again later.'),
  NOTHING_TO_REPRINT: plain('本机还没有打印过票据。', '本機還沒有列印過票據。', 'This kiosk has not printed a ticket yet.'),
  INVALID_REQUEST: plain('请求无效。', '請求無效。', 'The request is not valid.'),
  // Counter terminal: the clerk's words.
  NOT_COUNTER: plain('本终端不是窗口终端。', '本終端不是窗口終端。', 'This terminal is not a counter terminal.'),
  WINDOW_NOT_BOUND: plain('本终端的令牌未绑定窗口，请联系管理员重新发放。', '本終端的令牌未綁定窗口，請聯繫管理員重新發放。', 'This terminal’s token is not bound to a window; ask the hall manager for a new one.'),
  INVALID_STAFF_NO: plain('请输入正确的工号。', '請輸入正確的工號。', 'Enter a valid staff number.'),
  WRONG_PIN: plain('工号或密码错误。', '工號或密碼錯誤。', 'Wrong staff number or PIN.'),
  PIN_LOCKED: plain('密码错误次数过多，该工号已锁定五分钟。', '密碼錯誤次數過多，該工號已鎖定五分鐘。', 'Too many wrong PINs: this staff number is locked for five minutes.'),
  WINDOW_PAUSED: plain('窗口已暂停，请先恢复服务。', '窗口已暫停，請先恢復服務。', 'The window is paused; resume it first.'),
  WINDOW_CLOSED: plain('窗口未开放，请先签到。', '窗口未開放，請先簽到。', 'The window is closed; sign in first.'),
  WINDOW_NOT_OPEN: plain('窗口未开放。', '窗口未開放。', 'The window is not open.'),
  WINDOW_NOT_PAUSED: plain('窗口没有暂停。', '窗口沒有暫停。', 'The window is not paused.'),
  WINDOW_ALREADY_OPEN: plain('窗口已开放。', '窗口已開放。', 'The window is already open.'),
  WINDOW_ALREADY_CLOSED: plain('窗口已关闭。', '窗口已關閉。', 'The window is already closed.'),
  WINDOW_BUSY: plain('还有正在办理的号，请先办结或转移。', '還有正在辦理的號，請先辦結或轉移。', 'A ticket is still being handled; finish or transfer it first.'),
  WINDOW_NOT_FOUND: plain('大厅里没有这个窗口。', '大廳裡沒有這個窗口。', 'The hall has no such window.'),
  WRONG_WINDOW: plain('本终端不能操作其他窗口。', '本終端不能操作其他窗口。', 'This terminal cannot act for another window.'),
  ALREADY_CALLED: plain('刚刚已经叫过号，请稍候再叫下一位。', '剛剛已經叫過號，請稍候再叫下一位。', 'A number was called a moment ago; wait a little before calling the next one.'),
  TICKET_TAKEN: plain('该号已被其他窗口接办。', '該號已被其他窗口接辦。', 'Another window has already taken this ticket.'),
  TICKET_NOT_WAITING: plain('该号不在等候中。', '該號不在等候中。', 'This ticket is not waiting.'),
  SERVICE_NOT_AT_WINDOW: plain('本窗口不办理该事项。', '本窗口不辦理該事項。', 'This window does not handle that service.'),
  TICKET_FOR_OTHER_WINDOW: plain('该号已指定到其他窗口。', '該號已指定到其他窗口。', 'This ticket was sent to another window.'),
  NOTHING_TO_RECALL: plain('当前没有可重呼的号。', '目前沒有可重呼的號。', 'There is no called ticket to recall.'),
  NO_CURRENT_TICKET: plain('当前没有正在办理的号。', '目前沒有正在辦理的號。', 'No ticket is being handled.'),
  NOT_CURRENT_TICKET: plain('该号已不是本窗口正在办理的号。', '該號已不是本窗口正在辦理的號。', 'That ticket is no longer the one this window is handling.'),
  NOT_CALLED: plain('只有已叫号、未开始办理的号可以进行此操作。', '只有已叫號、未開始辦理的號可以進行此操作。', 'Only a called ticket whose service has not started can do this.'),
  NOT_TRANSFERABLE: plain('该号不能转移。', '該號不能轉移。', 'This ticket cannot be transferred.'),
  TRANSFER_TARGET_REQUIRED: plain('请选择转往的事项或窗口。', '請選擇轉往的事項或窗口。', 'Choose the service or window to transfer to.'),
  REASON_REQUIRED: plain('请填写原因。', '請填寫原因。', 'Give a reason.'),
  ALREADY_RATED: plain('该号已评价。', '該號已評價。', 'This ticket has already been rated.'),
  NOT_FINISHED: plain('该号尚未办结。', '該號尚未辦結。', 'This ticket has not been finished.'),
  FORBIDDEN_ROLE: plain('本终端的令牌无权进行此操作。', '本終端的令牌無權進行此操作。', 'This terminal’s token may not do this.'),
  HALL_ERROR: withHelp('大厅服务器暂时无法处理。', '大廳伺服器暫時無法處理。', 'The hall server could not handle this.'),
};

export function message(code: string): Localized {
  return MESSAGES[code] ?? MESSAGES.HALL_ERROR!;
}

/** A refusal with the kiosk's words for `code`. */
export function kioskError(code: string, details?: Record<string, unknown>): KioskError {
  return new KioskError(details ? { code, message: message(code), details } : { code, message: message(code) });
}
