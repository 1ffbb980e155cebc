// The 12321 report kinds as the API names them (code → the label people read).
// Words only: which kind a report is, and every rule about it, is the server's.
export const REPORT_KINDS = [
	['harassment_call', '骚扰电话'],
	['spam_sms', '垃圾短信'],
	['fraud_call', '诈骗电话'],
	['fraud_sms', '诈骗短信'],
	['bad_app', '不良手机应用'],
];
export const kindLabel = (code) => REPORT_KINDS.find(([c]) => c === code)?.[1] ?? code;
