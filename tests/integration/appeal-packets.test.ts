import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { systemActor } from '../../src/auth/actor';
import { AppealPacketError, createAppealPacketService } from '../../src/packets/service';
import { DEFAULT_TEMPLATES_DIR } from '../../src/packets/template';
import { type RunningSystem, getJson, postJson, startSystem, uniqueClaimId } from '../support/system';
import { interchangeSegments, joinSegments } from '../unit/edi/x12-builders';

const run = promisify(execFile);
let system: RunningSystem;
let workDir: string;

beforeAll(async () => {
  system = await startSystem({
    databaseUrl: inject('databaseUrl'),
    temporalAddress: inject('temporalAddress'),
  });
  workDir = await mkdtemp(path.join(os.tmpdir(), 'tickler-packets-'));
});

afterAll(async () => {
  await system?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const DAY = 86_400_000;
const isoDaysAgo = (days: number): string => new Date(Date.now() - days * DAY).toISOString().slice(0, 10);

const parties = {
  subscriber: { lastName: 'DOE', firstName: 'JOHN', memberId: 'XJH900112233', dateOfBirth: '1975-02-11' },
  patient: { lastName: 'DOE', firstName: 'JANE', dateOfBirth: '2010-04-02' },
  billingProvider: { name: 'NORTHSIDE CLINIC', npi: '1234567893' },
};

/** A claim registered with its parties; `submittedOn` long ago makes its first status check due now. */
async function registerClaim(
  claimId: string,
  payerId: string,
  options: { submittedOn?: string; dateOfService?: string; script?: unknown[] } = {},
): Promise<void> {
  if (options.script) {
    const saved = await postJson(
      system.baseUrl,
      `/simulator/claims/${claimId}/script`,
      { responses: options.script },
      'PUT',
    );
    expect(saved.status).toBe(200);
  }
  const created = await postJson(system.baseUrl, '/claims', {
    claimId,
    clientId: 'northside-clinic',
    payerId,
    patientAccountRef: 'PA-55120',
    dateOfService: options.dateOfService ?? '2026-10-15',
    billedCents: 125_000,
    submittedOn: options.submittedOn ?? '2026-10-20',
    ...parties,
  });
  expect(created.status).toBe(201);
}

async function claimWhen(claimId: string, until: (claim: any) => boolean): Promise<any> {
  return vi.waitFor(
    async () => {
      const read = await getJson(system.baseUrl, `/claims/${claimId}`);
      expect(until(read.body)).toBe(true);
      return read.body;
    },
    { timeout: 45_000, interval: 250 },
  );
}

async function fetchDocument(link: string): Promise<Response> {
  return fetch(`${system.baseUrl}${link}`, { headers: { authorization: `Bearer ${system.adminKey}` } });
}

async function pdfPages(bytes: ArrayBuffer | Buffer): Promise<string[]> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: false });
  return text;
}

/** The HTML as text: tags dropped, entities decoded, runs of white space collapsed. */
function htmlText(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replaceAll('&#39;', "'")
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')
    .replace(/\s+/g, ' ');
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ');

describe('appeal packets over HTTP', () => {
  it('when an Aetna claim is denied for missing authorization (CO-197), then its packet has the fax cover, the claim, the code and meaning, the level and deadline and the checklist, in PDF and HTML, and is listed on the timeline', async () => {
    const claimId = uniqueClaimId('APL');
    await registerClaim(claimId, 'sim-aetna', { script: [{ category: 'P1', code: '20' }] });
    // Wait for the first check to be answered, so no check is in flight when the denial arrives.
    await claimWhen(claimId, (claim) => claim.followUp.checks === 1);
    const noticeDate = isoDaysAgo(3);
    const denied = await postJson(system.baseUrl, `/claims/${claimId}/actions/recordDenial`, {
      carc: '197',
      group: 'CO',
      noticeDate,
    });
    expect(denied.status).toBe(200);
    const appealDeadline = denied.body.deadlines.find((d: { kind: string }) => d.kind === 'appeal');
    expect(appealDeadline).toMatchObject({ level: 1 });

    const created = await postJson(system.baseUrl, `/claims/${claimId}/appeal-packet`, {
      atHand: ['authorization'],
      sender: { name: 'Jane Doe', phone: '(555) 010-0100' },
    });
    expect(created.status).toBe(201);
    const packet = created.body;
    expect(packet).toMatchObject({
      claimId,
      level: 1,
      levelName: 'Provider payment dispute',
      category: 'authorization',
      categoryReason: 'CO-197: authorization',
      template: { id: 'authorization', version: 1 },
      denial: { noticeDate, codes: ['CO-197'] },
      deadline: { due: appealDeadline.due },
      faxCover: true,
      faxNumber: '8594558650',
    });
    expect(packet.deadline.daysLeft).toBeGreaterThan(170);
    // The signed-in caller authors the packet and confirms what it has.
    expect(packet.createdBy).toBe('test-admin');
    expect(Object.fromEntries(packet.checklist.map((e: any) => [e.item, e.state]))).toEqual({
      authorization: 'confirmed',
      medical_records: 'needed',
      remittance_advice: 'needed',
      claim_copy: 'needed',
      appeal_form: 'needed',
    });
    expect(packet.warnings.join(' ')).not.toMatch(/patient|subscriber|provider|sender/);

    const pdf = await fetchDocument(packet.links.pdf);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('cache-control')).toBe('no-store');
    const pages = await pdfPages(await pdf.arrayBuffer());
    expect(pages).toHaveLength(packet.pages);
    const [cover, ...letterPages] = pages;
    expect(cover).toMatch(/^FAX/);
    expect(cover).toContain('Fax: (859) 455-8650');
    expect(cover).toContain(`Pages, this cover included: ${packet.pages}`);
    expect(cover).toContain(claimId);
    // The cover travels first and is read by whoever is at the fax: no patient on it.
    expect(cover).not.toContain('JANE');
    expect(cover).not.toContain('XJH900112233');

    const letter = oneLine(letterPages.join('\n'));
    for (const expected of [
      claimId,
      'Aetna Provider Resolution Team',
      'Appeal level 1 (Provider payment dispute)',
      'Patient: JANE DOE, member ID XJH900112233',
      'Subscriber JOHN DOE',
      'Date(s) of service 2026-10-15',
      'Billed $1,250.00',
      'NORTHSIDE CLINIC',
      '1234567893',
      'CO-197',
      'Precertification, authorization or notification missing',
      `The last day to file is ${appealDeadline.due}`,
      '[x] Authorization or precertification approval, with its number',
      `confirmed at hand by ${packet.createdBy}`,
      '[ ] Medical records for the date(s) of service',
      '45 CFR 149.110',
      'Jane Doe',
    ]) {
      expect(letter, expected).toContain(expected);
    }

    const html = await fetchDocument(packet.links.html);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = htmlText(await html.text());
    for (const expected of [
      'FAX',
      '(859) 455-8650',
      claimId,
      'CO-197',
      'Precertification, authorization or notification missing',
      'Appeal level 1 (Provider payment dispute)',
      appealDeadline.due,
      '[x] Authorization or precertification approval, with its number',
      '[ ] Medical records for the date(s) of service',
      'JANE DOE',
    ]) {
      expect(page, expected).toContain(expected);
    }

    const listed = await getJson(system.baseUrl, `/claims/${claimId}/appeal-packets`);
    expect(listed.status).toBe(200);
    expect(listed.body.packets.map((p: { packetId: string }) => p.packetId)).toEqual([packet.packetId]);

    const claim = await getJson(system.baseUrl, `/claims/${claimId}`);
    const event = claim.body.timeline.at(-1);
    expect(event).toMatchObject({
      kind: 'appeal_packet_generated',
      actor: packet.createdBy,
      data: { packetId: packet.packetId, level: 1, category: 'authorization', templateId: 'authorization' },
    });
    expect(JSON.stringify(event)).not.toMatch(/JANE|JOHN|XJH900112233|PA-55120/);

    const { rows } = await system.db.query<{ template_version: number; created_by: string; bytes: number }>(
      'SELECT template_version, created_by, octet_length(pdf) AS bytes FROM appeal_packets WHERE packet_id = $1',
      [packet.packetId],
    );
    expect(rows).toEqual([{ template_version: 1, created_by: packet.createdBy, bytes: expect.any(Number) }]);
  });

  it('when Medicare answers F2 to a status check, then the packet is a redetermination request with the 277 status and no fax cover', async () => {
    const claimId = uniqueClaimId('APL');
    await registerClaim(claimId, 'sim-medicare', { script: [{ category: 'F2', code: '85' }] });
    const denied = await claimWhen(claimId, (claim) => claim.followUp.phase === 'denied');
    const appealDeadline = denied.followUp.deadlines.find((d: { kind: string }) => d.kind === 'appeal');

    const created = await postJson(system.baseUrl, `/claims/${claimId}/appeal-packet`, {});
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      level: 1,
      levelName: 'Redetermination (MAC)',
      category: 'general',
      denial: { codes: ['F2:85'] },
      deadline: { due: appealDeadline.due },
      faxCover: false,
      faxNumber: null,
    });
    const pages = await pdfPages(await (await fetchDocument(created.body.links.pdf)).arrayBuffer());
    expect(pages[0]).toMatch(/^NORTHSIDE CLINIC/);
    const text = oneLine(pages.join('\n'));
    expect(text).toContain('Appeal level 1 (Redetermination (MAC))');
    expect(text).toContain('F2:85');
    expect(text).toContain(`The last day to file is ${appealDeadline.due}: 120 days after receipt`);
    expect(text).toContain('[ ] The remittance advice (835 or EOB) or denial letter showing the denial');

    const levelTen = await postJson(system.baseUrl, `/claims/${claimId}/appeal-packet`, { level: 10 });
    expect(levelTen.status).toBe(400);
    const levelSix = await postJson(system.baseUrl, `/claims/${claimId}/appeal-packet`, { level: 6 });
    expect(levelSix.status).toBe(422);
    expect(levelSix.body).toMatchObject({ error: 'no_such_level' });
    expect(levelSix.body.message).toMatch(/has 5 appeal level\(s\); there is no level 6/);
  });

  it('when an 835 denies the claim for medical necessity (CO-50 with N386), then the packet argues medical necessity and ticks the remittance on file', async () => {
    const claimId = uniqueClaimId('APL');
    // Submitted today: its first status check is weeks away, so only the 835 moves it.
    await registerClaim(claimId, 'sim-commercial', {
      submittedOn: isoDaysAgo(0),
      dateOfService: isoDaysAgo(6),
    });
    const paidOn = isoDaysAgo(1);
    const control = randomInt(1, 999_999_999);
    const file = joinSegments(
      interchangeSegments({
        controlNumber: control,
        functionalId: 'HP',
        version: '005010X221A1',
        transactionId: '835',
        sender: 'PACKETTEST',
        transactions: [
          [
            // prettier-ignore
            ['BPR', 'I', '0.00', 'C', 'NON', 'CCP', '01', '999999999', 'DA', '000111222', '1999999999', '', '01', '999888777', 'DA', '000333444', paidOn.replaceAll('-', '')],
            ['TRN', '1', `NOPAY${control}`, '1999999999'],
            ['DTM', '405', paidOn.replaceAll('-', '')],
            ['N1', 'PR', 'ACME TEST HEALTH PLAN'],
            ['REF', '2U', 'TESTPAYER01'],
            ['N1', 'PE', 'EXAMPLE TEST CLINIC', 'XX', '1999999992'],
            ['LX', '1'],
            ['CLP', claimId, '1', '1250.00', '0.00', '0.00', '12', `ICN${control}`, '11', '1'],
            ['CAS', 'CO', '50', '1250.00'],
            ['MOA', '', '', 'N386'],
          ],
        ],
      }),
    );
    const ingested = await fetch(`${system.baseUrl}/ingest/835`, {
      method: 'POST',
      headers: { 'content-type': 'application/edi-x12', authorization: `Bearer ${system.adminKey}` },
      body: file,
    });
    expect(ingested.status).toBe(201);
    await claimWhen(claimId, (claim) => claim.followUp.phase === 'denied');

    const created = await postJson(system.baseUrl, `/claims/${claimId}/appeal-packet`, {});
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      category: 'medical_necessity',
      categoryReason: 'CO-50: medical necessity',
      levelName: 'Internal appeal',
      denial: { codes: ['CO-50', 'N386'] },
    });
    const remittance = created.body.checklist.find((e: any) => e.item === 'remittance_advice');
    expect(remittance).toMatchObject({ state: 'on_file' });
    const text = oneLine(
      (await pdfPages(await (await fetchDocument(created.body.links.pdf)).arrayBuffer())).join('\n'),
    );
    expect(text).toContain(`Payer claim number ICN${control}`);
    expect(text).toContain("Not medically necessary in the payer's judgment");
    expect(text).toContain('N386');
    expect(text).toContain('Social Security Act section 1862(a)(1)(A)');
    expect(text).toContain('[x] The remittance advice (835 or EOB) or denial letter showing the denial');
  });

  it('refuses what cannot be made: a claim that is not denied (422 naming why), an unknown claim or packet (404), bad input (400 naming the field)', async () => {
    const claimId = uniqueClaimId('APL');
    await registerClaim(claimId, 'sim-commercial', { script: [{ category: 'P1', code: '20' }] });
    await claimWhen(claimId, (claim) => claim.followUp.checks === 1);

    const pending = await postJson(system.baseUrl, `/claims/${claimId}/appeal-packet`, {});
    expect(pending.status).toBe(422);
    expect(pending.body).toMatchObject({ error: 'not_denied' });
    expect(pending.body.message).toBe(
      `Claim ${claimId} has no denial on its timeline (phase in_adjudication): appeal packets are for denied claims`,
    );
    expect((await getJson(system.baseUrl, `/claims/${claimId}/appeal-packets`)).body.packets).toEqual([]);

    const unknown = await postJson(system.baseUrl, '/claims/NO-SUCH-CLAIM-1/appeal-packet', {});
    expect(unknown.status).toBe(404);
    expect((await getJson(system.baseUrl, '/claims/NO-SUCH-CLAIM-1/appeal-packets')).status).toBe(404);

    const bad = await postJson(system.baseUrl, `/claims/${claimId}/appeal-packet`, {
      level: 0,
      atHand: ['x_ray'],
      sender: { name: 'a\u0007b' },
      extra: true,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      '(body)',
      'atHand.0',
      'level',
      'sender.name',
    ]);

    // Denied, then paid in full: nothing is left to appeal.
    const noticeDate = isoDaysAgo(2);
    for (const [action, body] of [
      ['recordDenial', { carc: '50', group: 'CO', noticeDate }],
      ['recordPayment', { paidCents: 125_000, paidOn: isoDaysAgo(1) }],
    ] as const) {
      expect((await postJson(system.baseUrl, `/claims/${claimId}/actions/${action}`, body)).status).toBe(200);
    }
    const paid = await postJson(system.baseUrl, `/claims/${claimId}/appeal-packet`, {});
    expect(paid.status).toBe(422);
    expect(paid.body.message).toBe(
      `Claim ${claimId} was denied (notice ${noticeDate}) but is now closed, paid in full: there is no denial to appeal`,
    );

    const badFile = await fetchDocument(`/claims/${claimId}/appeal-packets/not-a-packet.pdf`);
    expect(badFile.status).toBe(400);
    const noPacket = await fetchDocument(
      `/claims/${claimId}/appeal-packets/00000000-0000-4000-8000-000000000000.pdf`,
    );
    expect(noPacket.status).toBe(404);
  });

  it("keeps payers' appeal contacts: a fax channel needs the number, which is stored as ten digits", async () => {
    const seeded = await getJson(system.baseUrl, '/payers/sim-aetna/appeal-contact');
    expect(seeded.body).toMatchObject({ payerId: 'sim-aetna', channel: 'fax', fax: '8594558650' });
    expect(seeded.body.source).toMatch(/aetna\.com/);

    const noFax = await postJson(
      system.baseUrl,
      '/payers/sim-medi-cal/appeal-contact',
      { channel: 'fax', source: 'x' },
      'PUT',
    );
    expect(noFax.status).toBe(400);
    expect(noFax.body.fields).toEqual([{ field: 'fax', message: 'a fax channel needs the fax number' }]);
    const shortFax = await postJson(
      system.baseUrl,
      '/payers/sim-medi-cal/appeal-contact',
      { channel: 'fax', fax: '555-0100', source: 'x' },
      'PUT',
    );
    expect(shortFax.status).toBe(400);

    const contact = {
      channel: 'fax',
      fax: '1 (916) 555-0100',
      mailingAddress: 'Claims appeals\nPO Box 1\nSacramento, CA 95800',
      source: 'test office, confirmed by phone',
    };
    const saved = await postJson(system.baseUrl, '/payers/sim-medi-cal/appeal-contact', contact, 'PUT');
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ payerId: 'sim-medi-cal', fax: '9165550100' });
    expect((await getJson(system.baseUrl, '/payers/sim-medi-cal/appeal-contact')).body).toEqual({
      payerId: 'sim-medi-cal',
      ...contact,
      fax: '9165550100',
    });
    expect(
      (await postJson(system.baseUrl, '/payers/no-such-payer/appeal-contact', contact, 'PUT')).status,
    ).toBe(404);
  });
});

describe('the appeal packet use case', () => {
  it('bounds claims by client scope, and a template edit changes the next packet and never a stored one', async () => {
    const claimId = uniqueClaimId('APL');
    await registerClaim(claimId, 'sim-cigna', { script: [{ category: 'P1', code: '20' }] });
    await claimWhen(claimId, (claim) => claim.followUp.checks === 1);
    const denied = await postJson(system.baseUrl, `/claims/${claimId}/actions/recordDenial`, {
      carc: '18',
      group: 'OA',
      noticeDate: isoDaysAgo(2),
    });
    expect(denied.status).toBe(200);

    const templatesDir = path.join(workDir, 'templates');
    await cp(path.resolve(DEFAULT_TEMPLATES_DIR), templatesDir, { recursive: true });
    const packets = createAppealPacketService({ db: system.db, templatesDir });
    const outsider = { ...systemActor('lead.other'), role: 'lead' as const, clients: ['other-clinic'] };
    const failure = await packets.generate({ claimId, actor: outsider }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppealPacketError);
    expect(failure).toMatchObject({ kind: 'not_found', message: `No claim ${claimId}` });
    await expect(packets.list({ claimId, scope: ['other-clinic'] })).rejects.toMatchObject({
      kind: 'not_found',
    });

    const insider = { ...systemActor('lead.north'), role: 'lead' as const, clients: ['northside-clinic'] };
    const first = await packets.generate({ claimId, actor: insider });
    expect(first).toMatchObject({ category: 'duplicate', createdBy: 'lead.north', faxCover: false });

    const file = path.join(templatesDir, 'duplicate.md');
    const edited = (await readFile(file, 'utf8'))
      .replace('version: 1', 'version: 2')
      .replace('We checked the claim', 'Our office checked the claim');
    await writeFile(file, edited);
    const second = await packets.generate({ claimId, actor: insider });
    expect(second.template.version).toBe(2);
    expect(second.template.sha256).not.toBe(first.template.sha256);

    const scope = insider.clients;
    const firstHtml = (await packets.document({
      claimId,
      packetId: first.packetId,
      format: 'html',
      scope,
    })) as string;
    const secondHtml = (await packets.document({
      claimId,
      packetId: second.packetId,
      format: 'html',
      scope,
    })) as string;
    expect(firstHtml).toContain('We checked the claim');
    expect(firstHtml).not.toContain('Our office checked the claim');
    expect(secondHtml).toContain('Our office checked the claim');
    expect((await packets.list({ claimId, scope })).map((p) => p.packetId)).toEqual([
      second.packetId,
      first.packetId,
    ]);
    await expect(
      packets.document({ claimId, packetId: first.packetId, format: 'pdf', scope: ['other-clinic'] }),
    ).rejects.toMatchObject({ kind: 'not_found' });

    await writeFile(file, edited.replace('{{denial.codes}}', '{{denial.code}}'));
    const broken = await postJson(system.baseUrl, `/claims/${claimId}/appeal-packet`, {});
    // The API reads the shipped templates; the broken copy only reaches the service that reads it.
    expect(broken.status).toBe(201);
    await expect(packets.generate({ claimId, actor: insider })).rejects.toMatchObject({
      name: 'TemplateError',
      problems: [expect.stringMatching(/unknown placeholder \{\{denial\.code\}\}/)],
    });
  });

  it('is on the command line: in-process with DATABASE_URL, through the API without it', async () => {
    const claimId = uniqueClaimId('APL');
    await registerClaim(claimId, 'sim-uhc', { script: [{ category: 'P1', code: '20' }] });
    await claimWhen(claimId, (claim) => claim.followUp.checks === 1);
    expect(
      (
        await postJson(system.baseUrl, `/claims/${claimId}/actions/recordDenial`, {
          carc: '29',
          group: 'CO',
          noticeDate: isoDaysAgo(1),
        })
      ).status,
    ).toBe(200);

    const cli = (args: string[], env: Record<string, string>) =>
      run(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'appeal-packet', ...args], {
        env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      });
    const out = path.join(workDir, `${claimId}.pdf`);
    const html = path.join(workDir, `${claimId}.html`);
    const inProcess = await cli(
      [claimId, '--out', out, '--html', html, '--json', '--at-hand', 'claim_copy'],
      {
        DATABASE_URL: inject('databaseUrl'),
      },
    );
    const packet = JSON.parse(inProcess.stdout);
    expect(packet).toMatchObject({
      claimId,
      category: 'timely_filing',
      createdBy: expect.stringMatching(/^cli:/),
    });
    const text = oneLine((await pdfPages(await readFile(out))).join('\n'));
    expect(text).toContain(claimId);
    expect(text).toContain('CO-29');
    expect(text).toContain('The time limit for filing has passed');
    expect(text).toMatch(/\[x\] Proof of timely filing: the payer's or clearinghouse's acceptance report/);
    expect(htmlText(await readFile(html, 'utf8'))).toContain('[x] A copy of the claim as billed');

    const viaApi = await cli([claimId, '--out', out, '--api', system.baseUrl], {
      DATABASE_URL: '',
      TICKLER_API_KEY: system.adminKey,
    });
    expect(viaApi.stdout).toMatch(/^packet [0-9a-f-]{36}: claim .*timely filing/im);
    expect((await getJson(system.baseUrl, `/claims/${claimId}/appeal-packets`)).body.packets).toHaveLength(2);

    const notDenied = uniqueClaimId('APL');
    await registerClaim(notDenied, 'sim-uhc', { submittedOn: isoDaysAgo(0), dateOfService: isoDaysAgo(3) });
    const refused = await cli([notDenied, '--out', out, '--api', system.baseUrl], {
      DATABASE_URL: '',
      TICKLER_API_KEY: system.adminKey,
    }).catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toContain('has no denial on its timeline');
  });
});
