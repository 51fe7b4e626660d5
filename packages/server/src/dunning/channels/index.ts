// Email and SMS channels of dunning (PRODUCT.md C5, C10, J6).

export * from './mailer';
export { createSmtpMailer, parseSmtpUrl, classifySmtpError } from './smtp-mailer';
export type { SmtpMailerConfig, SmtpEndpoint } from './smtp-mailer';
export { createPickupMailer } from './pickup-mailer';
export { parseBounce } from './bounce.parse';
export type { Bounce, BounceRecipient } from './bounce.parse';
export { createHttpSmsProvider } from './http-sms-provider';
export type {
  HttpSmsProviderConfig,
  OutgoingSms,
  SmsFailureKind,
  SmsProvider,
  SmsRejected,
  SmsSendResult,
  SmsSent,
} from './http-sms-provider';
export {
  InvalidPhoneNumberError,
  PHONE_COUNTRIES,
  isPhoneCountry,
  normalizePhoneNumber,
  toE164,
} from './phone-number';
export type { PhoneCountry, PhoneNumber, PhoneNumberProblem, PhoneNumberResult } from './phone-number';
export { countSmsSegments } from './sms-segments';
export type { SmsEncoding, SmsSegments } from './sms-segments';
export { createMailer, createSmsProvider, readChannelSettings } from './channels.config';
export type { ChannelSettings, MailSettings, SmsSettings } from './channels.config';
