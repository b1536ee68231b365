import { type Static, Type } from '@sinclair/typebox';
import { IMPORT_BODY_LIMIT } from '../statement-import/statement-import.schemas';

const SessionId = Type.String({ minLength: 1, maxLength: 64 });
const Short = (max: number) => Type.String({ maxLength: max });

/** POST /weft/link/session/start */
export const StartBody = Type.Object({ received_redirect_uri: Type.Optional(Short(2048)) });

/** Calls that only name the session. */
export const SessionBody = Type.Object({ link_session_id: SessionId });

/** POST /weft/link/session/search */
export const SearchBody = Type.Object({ link_session_id: SessionId, query: Short(100) });

/** POST /weft/link/session/institution */
export const InstitutionBody = Type.Object({
  link_session_id: SessionId,
  institution_id: Type.String({ minLength: 1, maxLength: 64 }),
});

/** POST /weft/link/session/credentials */
export const CredentialsBody = Type.Object({
  link_session_id: SessionId,
  username: Type.String({ minLength: 1, maxLength: 256 }),
  password: Type.String({ maxLength: 4096 }),
});

/** POST /weft/link/session/mfa */
export const MfaBody = Type.Object({
  link_session_id: SessionId,
  answers: Type.Array(Short(256), { minItems: 1, maxItems: 20 }),
});

/** POST /weft/link/session/select */
export const SelectBody = Type.Object({
  link_session_id: SessionId,
  account_ids: Type.Array(Short(128), { minItems: 1, maxItems: 100 }),
});

/** POST /weft/link/session/files: statement files, base64 (within the statements import's body limit). */
export const FilesBody = Type.Object({
  link_session_id: SessionId,
  files: Type.Array(
    Type.Object({
      name: Type.String({ minLength: 1, maxLength: 255 }),
      // The body limit bounds a file, not the default string bound (far below any statement).
      content_base64: Type.String({ maxLength: IMPORT_BODY_LIMIT }),
    }),
    { minItems: 1, maxItems: 50 },
  ),
});

/** POST /weft/link/session/events */
export const EventsBody = Type.Object({
  link_session_id: SessionId,
  events: Type.Array(
    Type.Object({
      event_name: Type.String({ minLength: 1, maxLength: 64 }),
      metadata: Type.Record(Type.String(), Type.Union([Type.String(), Type.Boolean(), Type.Null()])),
    }),
    { maxItems: 50 },
  ),
});

/** POST /weft/link/session/exit */
export const ExitBody = Type.Object({
  link_session_id: SessionId,
  error: Type.Union([
    Type.Null(),
    Type.Object({
      error_type: Short(64),
      error_code: Short(64),
      error_message: Short(1000),
      display_message: Type.Union([Short(1000), Type.Null()]),
    }),
  ]),
});

/** The bank consent page: GET query and POSTed form. */
export const OauthQuery = Type.Object({ oauth_state_id: Type.String({ minLength: 1, maxLength: 64 }) });
export const OauthForm = Type.Object({
  oauth_state_id: Type.String({ minLength: 1, maxLength: 64 }),
  decision: Type.Union([Type.Literal('approve'), Type.Literal('deny')]),
});
export type OauthForm = Static<typeof OauthForm>;
