/** What the ingest adapters produce from a raw RFC 5322 message, whatever the parser. */
export interface EmailAddress {
  address: string;
  name: string;
}

export interface AttachmentInfo {
  filename: string | null;
  contentType: string;
  size: number;
}

/**
 * Machine-readable report parts kept verbatim (they are small) because the classifier reads them:
 * message/delivery-status (RFC 3464), message/feedback-report (RFC 5965), text/rfc822-headers and
 * the headers of an attached message/rfc822.
 */
export interface ReportPart {
  contentType: string;
  content: string;
}

export interface ParsedEmail {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: EmailAddress | null;
  replyTo: EmailAddress | null;
  to: EmailAddress[];
  cc: EmailAddress[];
  subject: string;
  date: Date | null;
  text: string;
  html: string | null;
  /** Header names lower-cased; only the headers later steps need (see KEPT_HEADERS). */
  headers: Record<string, string>;
  attachments: AttachmentInfo[];
  reportParts: ReportPart[];
  /** sha256 of the raw bytes: the dedupe key when there is no Message-ID. */
  rawSha256: string;
  rawSize: number;
  /** Set when the MIME was malformed and only part of it could be read. */
  parseWarnings: string[];
}
