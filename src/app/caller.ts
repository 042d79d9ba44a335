// Who is calling, as established by transport authentication. Use cases only ask questions of it.
export type Scope = 'policy:read' | 'policy:admin';

export type Caller =
  | { readonly kind: 'service'; readonly actor: string; readonly scopes: ReadonlySet<Scope> }
  | { readonly kind: 'organization-admin'; readonly actor: string; readonly organizationId: string }
  /** The embedded org-admin widget, holding a short-lived token minted for one organization and subject. */
  | { readonly kind: 'widget'; readonly actor: string; readonly organizationId: string; readonly subject: string }
  /** Only in dev mode, when the service was started without credentials and said so loudly. */
  | { readonly kind: 'anonymous-dev'; readonly actor: string };
