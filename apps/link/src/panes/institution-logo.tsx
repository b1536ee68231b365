import { useState } from 'react';
import type { LinkInstitution } from '../../../server/src/products/link-session/link-session.contract';

/**
 * The bank's logo (Plaid's base64 PNG, shown as a data: image, which Link's img-src allows), or a
 * circle with its first letter in its colour when it has none or the image cannot be shown.
 * Decorative: the bank's name is always written beside it.
 */
export function InstitutionLogo(props: { institution: LinkInstitution; large?: boolean }) {
  const i = props.institution;
  const [broken, setBroken] = useState(false);
  const className = props.large ? 'logo large' : 'logo';
  if (i.logo && !broken)
    return (
      <img
        className={className}
        src={`data:image/png;base64,${i.logo}`}
        alt=""
        width={props.large ? 48 : 32}
        height={props.large ? 48 : 32}
        onError={() => setBroken(true)}
      />
    );
  return (
    // Coloured through the CSSOM, which a style-src CSP without 'unsafe-inline' permits.
    <span className={className} aria-hidden="true" style={{ background: i.primary_color ?? '#555' }}>
      {i.name.slice(0, 1)}
    </span>
  );
}
