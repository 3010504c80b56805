import {
  certificationName,
  LINKEDIN_ADD_TO_PROFILE,
  linkedInAddToProfileUrl,
  type LinkedInCertification,
} from '../../src/modules/sharing/linkedin';

const certification: LinkedInCertification = {
  name: 'Certificate of Completion: Data & Society #1 + Ünïcode 名前',
  organizationName: 'Example University? a=b&c',
  issuedAt: new Date('2026-03-05T10:00:00Z'),
  expiresAt: null,
  certUrl: 'https://badges.example.org/verify/5b0e2f4c-1d7a-4e8b-9c3f-6a2d1e0b7f44',
  certId: '5b0e2f4c-1d7a-4e8b-9c3f-6a2d1e0b7f44',
};

const parse = (url: string) => new URL(url);

describe('linkedInAddToProfileUrl', () => {
  it('carries every field of the certification, decoded back exactly', () => {
    const url = parse(linkedInAddToProfileUrl(certification));
    expect(`${url.origin}${url.pathname}`).toBe(LINKEDIN_ADD_TO_PROFILE);
    expect([...url.searchParams.keys()]).toEqual([
      'startTask',
      'name',
      'organizationName',
      'issueYear',
      'issueMonth',
      'certUrl',
      'certId',
    ]);
    expect(url.searchParams.get('startTask')).toBe('CERTIFICATION_NAME');
    expect(url.searchParams.get('name')).toBe(certification.name);
    expect(url.searchParams.get('organizationName')).toBe(certification.organizationName);
    expect(url.searchParams.get('issueYear')).toBe('2026');
    expect(url.searchParams.get('issueMonth')).toBe('3');
    expect(url.searchParams.get('certUrl')).toBe(certification.certUrl);
    expect(url.searchParams.get('certId')).toBe(certification.certId);
  });

  it('percent-encodes every value: no raw space, &, +, #, ? or non-ASCII in the query', () => {
    const query = linkedInAddToProfileUrl(certification).split('?')[1]!;
    expect(query).toContain(
      'name=Certificate%20of%20Completion%3A%20Data%20%26%20Society%20%231%20%2B%20',
    );
    expect(query).toContain('organizationName=Example%20University%3F%20a%3Db%26c');
    expect(query).toContain(`certUrl=${encodeURIComponent(certification.certUrl)}`);
    expect(query).not.toMatch(/[ #+?]|[^\x20-\x7e]/);
    expect(query.split('&')).toHaveLength(7);
  });

  it('adds the expiration month and year only when the credential expires', () => {
    const expiring = parse(
      linkedInAddToProfileUrl({
        ...certification,
        expiresAt: new Date('2028-11-30T12:00:00Z'),
      }),
    );
    expect(expiring.searchParams.get('expirationYear')).toBe('2028');
    expect(expiring.searchParams.get('expirationMonth')).toBe('11');
    const lasting = parse(linkedInAddToProfileUrl(certification));
    expect(lasting.searchParams.has('expirationYear')).toBe(false);
    expect(lasting.searchParams.has('expirationMonth')).toBe(false);
  });

  it('takes the month and year in UTC', () => {
    const url = parse(
      linkedInAddToProfileUrl({
        ...certification,
        issuedAt: new Date('2026-12-31T23:30:00-02:00'),
        expiresAt: new Date('2027-01-31T23:59:59Z'),
      }),
    );
    expect([url.searchParams.get('issueYear'), url.searchParams.get('issueMonth')]).toEqual([
      '2027',
      '1',
    ]);
    expect(url.searchParams.get('expirationMonth')).toBe('1');
  });
});

describe('certificationName', () => {
  it('is the credential name and the title the certificate prints', () => {
    expect(certificationName('Certificate', 'Introduction to Widgets', null)).toBe(
      'Certificate: Introduction to Widgets',
    );
    expect(certificationName('Certificate', 'Introduction to Widgets', 'Widgets 101')).toBe(
      'Certificate: Widgets 101',
    );
  });
});
